import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth } from '@app/common/decorators/auth.decorators';
import { answer, ApiIdempotencyKey, idempotencyKey } from '@app/ledger/idempotency-key';
import { TransactionResponse } from '@app/transactions/dto/transaction.dto';
import { AdjustmentsService } from './adjustments.service';
import { CreateAdjustmentDto } from './dto/adjustment.dto';

@ApiTags('adjustments')
@Controller('adjustments')
export class AdjustmentsController {
  constructor(private readonly adjustments: AdjustmentsService) {}

  @Post()
  @Auth('ADMIN', 'MANAGER')
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: TransactionResponse, description: 'The ADJUSTMENT movement (quantity signed)' })
  @ApiNotFoundResponse({ description: 'Warehouse or item not in your company' })
  @ApiConflictResponse({
    description:
      'INSUFFICIENT_STOCK: a decrease below the available quantity (named in the message; nothing changed), a deleted warehouse or item, or the Idempotency-Key still in progress',
  })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different body, or stock would exceed the maximum' })
  async create(
    @Body() dto: CreateAdjustmentDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TransactionResponse> {
    return answer(reply, await this.adjustments.create(dto, idempotencyKey(key)));
  }
}
