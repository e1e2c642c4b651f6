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
import { CreateReceiptDto, ListReceiptsQuery, ReceiptEntry, ReceiptResponse, UpdateReceiptDto } from './dto/receipt.dto';
import { ReceiptsService } from './receipts.service';

const LINE_NOT_FOUND = 'No such supplier, or a line names a warehouse or item not in your company (named: lines[i].itemId)';
const LINE_CONFLICT = 'PARTNER_DELETED, or ITEM_DELETED / WAREHOUSE_DELETED naming the line';

/** Receipts: stock in from a supplier. Read: any role; everything else: ADMIN, MANAGER. */
@ApiTags('receipts')
@Controller('receipts')
export class ReceiptsController {
  constructor(private readonly receipts: ReceiptsService) {}

  @Post()
  @Auth('ADMIN', 'MANAGER')
  @ApiOperation({ summary: 'Draft a receipt: a supplier and 1-500 lines (item, warehouse, quantity, unit cost)' })
  @ApiCreatedResponse({ type: ReceiptResponse, description: 'A DRAFT: nothing moved yet' })
  @ApiNotFoundResponse({ description: LINE_NOT_FOUND })
  @ApiConflictResponse({ description: LINE_CONFLICT })
  create(@Body() dto: CreateReceiptDto): Promise<ReceiptResponse> {
    return this.receipts.create(dto);
  }

  @Get()
  @ReadsFromReplica()
  @Auth()
  @ApiOperation({ summary: 'List receipts, newest first; filter by status and supplier' })
  @ApiPageResponse(ReceiptEntry)
  list(@Query() query: ListReceiptsQuery): Promise<Page<ReceiptEntry>> {
    return this.receipts.list(query);
  }

  @Get(':id')
  @Auth()
  @ApiOperation({ summary: 'Get a receipt with its lines' })
  @ApiOkResponse({ type: ReceiptResponse })
  @ApiNotFoundResponse({ description: 'No such receipt in your company' })
  get(@Param('id', UuidParam()) id: string): Promise<ReceiptResponse> {
    return this.receipts.get(id);
  }

  @Patch(':id')
  @Auth('ADMIN', 'MANAGER')
  @ApiOperation({ summary: 'Edit a DRAFT receipt; lines, when sent, replace every line' })
  @ApiOkResponse({ type: ReceiptResponse })
  @ApiNotFoundResponse({ description: `No such receipt in your company. ${LINE_NOT_FOUND}` })
  @ApiConflictResponse({ description: `DOCUMENT_STATUS_CONFLICT (not a DRAFT), ${LINE_CONFLICT}` })
  update(@Param('id', UuidParam()) id: string, @Body() dto: UpdateReceiptDto): Promise<ReceiptResponse> {
    return this.receipts.update(id, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @Auth('ADMIN', 'MANAGER')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Post a DRAFT receipt: every line an INBOUND movement, all in one transaction' })
  @ApiOkResponse({ type: ReceiptResponse, description: 'POSTED; the movements: GET /transactions?documentId=' })
  @ApiNotFoundResponse({ description: 'No such receipt in your company' })
  @ApiConflictResponse({
    description: `ALREADY_POSTED, DOCUMENT_STATUS_CONFLICT (cancelled), ${LINE_CONFLICT}, or the Idempotency-Key in progress; nothing moved`,
  })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different request, or stock would exceed the maximum' })
  async post(
    @Param('id', UuidParam()) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReceiptResponse> {
    return answer(reply, await this.receipts.post(id, idempotencyKey(key)));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Auth('ADMIN', 'MANAGER')
  @ApiOperation({ summary: 'Cancel a DRAFT receipt' })
  @ApiOkResponse({ type: ReceiptResponse, description: 'CANCELLED; nothing moved' })
  @ApiNotFoundResponse({ description: 'No such receipt in your company' })
  @ApiConflictResponse({ description: 'DOCUMENT_STATUS_CONFLICT: only a DRAFT can be cancelled' })
  cancel(@Param('id', UuidParam()) id: string): Promise<ReceiptResponse> {
    return this.receipts.cancel(id);
  }
}
