import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth } from '@app/common/decorators/auth.decorators';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { ApiPageResponse, Page } from '@app/common/dto/pagination.dto';
import { UuidParam } from '@app/common/pipes/uuid.pipe';
import { answer, ApiIdempotencyKey, idempotencyKey } from '@app/ledger/idempotency-key';
import { CreateShipmentDto, ListShipmentsQuery, ShipmentEntry, ShipmentResponse, UpdateShipmentDto } from './dto/shipment.dto';
import { ShipmentsService } from './shipments.service';

const LINE_NOT_FOUND = 'No such customer, or a line names a warehouse or item not in your company (named: lines[i].itemId)';
const LINE_CONFLICT = 'PARTNER_DELETED, or ITEM_DELETED / WAREHOUSE_DELETED naming the line';

/** Shipments: stock out to a customer, DRAFT → CONFIRMED (reserved) → POSTED. Any role, like reservations. */
@ApiTags('shipments')
@Controller('shipments')
@Auth()
export class ShipmentsController {
  constructor(private readonly shipments: ShipmentsService) {}

  @Post()
  @ApiOperation({ summary: 'Draft a shipment: a customer and 1-500 lines (item, warehouse, quantity)' })
  @ApiCreatedResponse({ type: ShipmentResponse, description: 'A DRAFT: nothing reserved yet' })
  @ApiNotFoundResponse({ description: LINE_NOT_FOUND })
  @ApiConflictResponse({ description: LINE_CONFLICT })
  create(@Body() dto: CreateShipmentDto): Promise<ShipmentResponse> {
    return this.shipments.create(dto);
  }

  @Get()
  @ReadsFromReplica()
  @ApiOperation({ summary: 'List shipments, newest first; filter by status and customer' })
  @ApiPageResponse(ShipmentEntry)
  list(@Query() query: ListShipmentsQuery): Promise<Page<ShipmentEntry>> {
    return this.shipments.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a shipment with its lines' })
  @ApiOkResponse({ type: ShipmentResponse })
  @ApiNotFoundResponse({ description: 'No such shipment in your company' })
  get(@Param('id', UuidParam()) id: string): Promise<ShipmentResponse> {
    return this.shipments.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a DRAFT shipment; lines, when sent, replace every line' })
  @ApiOkResponse({ type: ShipmentResponse })
  @ApiNotFoundResponse({ description: `No such shipment in your company. ${LINE_NOT_FOUND}` })
  @ApiConflictResponse({ description: `DOCUMENT_STATUS_CONFLICT (not a DRAFT), ${LINE_CONFLICT}` })
  update(@Param('id', UuidParam()) id: string, @Body() dto: UpdateShipmentDto): Promise<ShipmentResponse> {
    return this.shipments.update(id, dto);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Confirm a DRAFT shipment: reserve every line, all or none' })
  @ApiOkResponse({ type: ShipmentResponse, description: 'CONFIRMED: each line holds a reservation (reservationId) until post or cancel' })
  @ApiNotFoundResponse({ description: 'No such shipment in your company' })
  @ApiConflictResponse({
    description: `INSUFFICIENT_STOCK listing every short line with its available quantity (nothing reserved), DOCUMENT_STATUS_CONFLICT, ALREADY_POSTED, ${LINE_CONFLICT}, or the Idempotency-Key in progress`,
  })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different request' })
  async confirm(
    @Param('id', UuidParam()) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ShipmentResponse> {
    return answer(reply, await this.shipments.confirm(id, idempotencyKey(key)));
  }

  @Post(':id/post')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Post a CONFIRMED shipment: every reservation shipped as an OUTBOUND movement, in one transaction' })
  @ApiOkResponse({ type: ShipmentResponse, description: 'POSTED; the movements: GET /transactions?documentId=' })
  @ApiNotFoundResponse({ description: 'No such shipment in your company' })
  @ApiConflictResponse({
    description: `ALREADY_POSTED, DOCUMENT_STATUS_CONFLICT (not CONFIRMED), RESERVATION_NOT_ACTIVE naming the lines whose reservation was released, ${LINE_CONFLICT}, or the Idempotency-Key in progress; nothing moved`,
  })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different request' })
  async post(
    @Param('id', UuidParam()) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ShipmentResponse> {
    return answer(reply, await this.shipments.post(id, idempotencyKey(key)));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a DRAFT or CONFIRMED shipment; its reservations are released' })
  @ApiOkResponse({ type: ShipmentResponse, description: 'CANCELLED; nothing shipped' })
  @ApiNotFoundResponse({ description: 'No such shipment in your company' })
  @ApiConflictResponse({ description: 'DOCUMENT_STATUS_CONFLICT: POSTED and CANCELLED are final' })
  cancel(@Param('id', UuidParam()) id: string): Promise<ShipmentResponse> {
    return this.shipments.cancel(id);
  }
}
