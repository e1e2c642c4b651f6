import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth } from '@app/common/decorators/auth.decorators';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { UuidParam } from '@app/common/pipes/uuid.pipe';
import { answer, ApiIdempotencyKey, idempotencyKey } from '@app/ledger/idempotency-key';
import { ListStockCountsQuery, OpenStockCountDto, RecordLinesDto, StockCountPage, StockCountResponse } from './dto/stock-count.dto';
import { StockCountsService } from './stock-counts.service';

@ApiTags('stock-counts')
@Controller('stock-counts')
export class StockCountsController {
  constructor(private readonly counts: StockCountsService) {}

  @Post()
  @Auth('ADMIN', 'MANAGER')
  @ApiCreatedResponse({ type: StockCountResponse, description: 'An OPEN count of the warehouse' })
  @ApiNotFoundResponse({ description: 'No such warehouse in your company' })
  @ApiConflictResponse({ description: 'WAREHOUSE_DELETED' })
  open(@Body() dto: OpenStockCountDto): Promise<StockCountResponse> {
    return this.counts.open(dto);
  }

  @Get()
  @ReadsFromReplica()
  @Auth()
  @ApiOkResponse({ type: StockCountPage })
  list(@Query() query: ListStockCountsQuery): Promise<StockCountPage> {
    return this.counts.list(query);
  }

  @Get(':id')
  @Auth()
  @ApiOkResponse({ type: StockCountResponse })
  @ApiNotFoundResponse({ description: 'No such count in your company' })
  get(@Param('id', UuidParam()) id: string): Promise<StockCountResponse> {
    return this.counts.get(id);
  }

  @Put(':id/lines')
  @Auth()
  @ApiOkResponse({ type: StockCountResponse, description: 'The count with every line; a re-recorded line replaces the earlier one' })
  @ApiNotFoundResponse({ description: 'No such count, or an item not in your company' })
  @ApiConflictResponse({ description: 'COUNT_NOT_OPEN' })
  recordLines(@Param('id', UuidParam()) id: string, @Body() dto: RecordLinesDto): Promise<StockCountResponse> {
    return this.counts.recordLines(id, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @Auth('ADMIN', 'MANAGER')
  @ApiIdempotencyKey()
  @ApiOkResponse({
    type: StockCountResponse,
    description: 'POSTED: every variance written as an ADJUSTMENT (reason COUNT) in one transaction',
  })
  @ApiNotFoundResponse({ description: 'No such count in your company' })
  @ApiConflictResponse({
    description:
      'COUNT_NOT_OPEN; INSUFFICIENT_STOCK naming the line that would go below available (nothing posted); the Idempotency-Key in progress',
  })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different request' })
  async post(
    @Param('id', UuidParam()) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StockCountResponse> {
    return answer(reply, await this.counts.post(id, idempotencyKey(key)));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Auth('ADMIN', 'MANAGER')
  @ApiOkResponse({ type: StockCountResponse, description: 'CANCELLED; nothing posted' })
  @ApiNotFoundResponse({ description: 'No such count in your company' })
  @ApiConflictResponse({ description: 'COUNT_NOT_OPEN' })
  cancel(@Param('id', UuidParam()) id: string): Promise<StockCountResponse> {
    return this.counts.cancel(id);
  }
}
