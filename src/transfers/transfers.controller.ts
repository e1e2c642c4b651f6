import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth } from '@app/common/decorators/auth.decorators';
import { answer, ApiIdempotencyKey, idempotencyKey } from '@app/ledger/idempotency-key';
import { CreateTransferDto, TransferResponse } from './dto/transfer.dto';
import { TransfersService } from './transfers.service';

@ApiTags('transfers')
@Controller('transfers')
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Post()
  @Auth()
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: TransferResponse, description: 'Both legs written in one database transaction' })
  @ApiNotFoundResponse({ description: 'A warehouse or the item is not in your company' })
  @ApiConflictResponse({
    description:
      'INSUFFICIENT_STOCK (available quantity of the source in the message; nothing changed), a deleted warehouse or item, or the Idempotency-Key still in progress',
  })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different body, or stock would exceed the maximum' })
  async create(
    @Body() dto: CreateTransferDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TransferResponse> {
    return answer(reply, await this.transfers.create(dto, idempotencyKey(key)));
  }
}
