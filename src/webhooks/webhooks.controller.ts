import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Auth } from '@app/common/decorators/auth.decorators';
import { type Page, PageQuery } from '@app/common/dto/pagination.dto';
import { UuidParam } from '@app/common/pipes/uuid.pipe';
import {
  CreatedWebhookResponse,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDeliveryPage,
  WebhookDeliveryResponse,
  WebhookPage,
  WebhookResponse,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Auth('ADMIN')
  @ApiCreatedResponse({ type: CreatedWebhookResponse, description: 'The signing secret is in this response only' })
  create(@Body() dto: CreateWebhookDto): Promise<CreatedWebhookResponse> {
    return this.webhooks.create(dto);
  }

  @Get()
  @Auth('ADMIN')
  @ApiOkResponse({ type: WebhookPage })
  list(@Query() query: PageQuery): Promise<Page<WebhookResponse>> {
    return this.webhooks.list(query);
  }

  @Post('deliveries/:id/redeliver')
  @HttpCode(202)
  @Auth('ADMIN')
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse, description: 'A new delivery of the same event (same webhook-id), queued' })
  @ApiNotFoundResponse({ description: 'No delivery with this id in your company' })
  redeliver(@Param('id', UuidParam()) id: string): Promise<WebhookDeliveryResponse> {
    return this.webhooks.redeliver(id);
  }

  @Get(':id')
  @Auth('ADMIN')
  @ApiOkResponse({ type: WebhookResponse })
  @ApiNotFoundResponse()
  get(@Param('id', UuidParam()) id: string): Promise<WebhookResponse> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  @Auth('ADMIN')
  @ApiOkResponse({ type: WebhookResponse })
  @ApiNotFoundResponse()
  update(@Param('id', UuidParam()) id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookResponse> {
    return this.webhooks.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Auth('ADMIN')
  @ApiNoContentResponse({ description: 'Deleted with its delivery log' })
  @ApiNotFoundResponse()
  remove(@Param('id', UuidParam()) id: string): Promise<void> {
    return this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @Auth('ADMIN')
  @ApiOkResponse({ type: WebhookDeliveryPage, description: 'Delivery log, newest first' })
  @ApiNotFoundResponse()
  deliveries(@Param('id', UuidParam()) id: string, @Query() query: PageQuery): Promise<Page<WebhookDeliveryResponse>> {
    return this.webhooks.deliveries(id, query);
  }

  @Post(':id/test')
  @HttpCode(202)
  @Auth('ADMIN')
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse, description: `A ${'webhook.test'} event queued for this endpoint` })
  @ApiNotFoundResponse()
  test(@Param('id', UuidParam()) id: string): Promise<WebhookDeliveryResponse> {
    return this.webhooks.test(id);
  }
}
