import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { Auth, AuthenticatedUser, CurrentUser, PrincipalCheckedInQuery } from '@app/common/decorators/auth.decorators';
import { badRequest } from '@app/common/errors/app-error';
import { UuidParam } from '@app/common/pipes/uuid.pipe';
import {
  CreateTransactionDto,
  ListTransactionsQuery,
  TransactionListEntry,
  TransactionPage,
  TransactionResponse,
} from './dto/transaction.dto';
import { MovementsService } from './movements.service';
import { TransactionHistoryService } from './transaction-history.service';

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

/** Stock movements. Immutable: there is no update or delete route. */
@ApiTags('transactions')
@Controller('transactions')
@Auth()
export class TransactionsController {
  constructor(
    private readonly movements: MovementsService,
    private readonly history: TransactionHistoryService,
  ) {}

  @Post()
  @PrincipalCheckedInQuery()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '1-255 visible ASCII characters; a retry with the same key and body returns the first response',
  })
  @ApiCreatedResponse({ type: TransactionResponse })
  @ApiNotFoundResponse({ description: 'Warehouse or item not found in your company' })
  @ApiConflictResponse({
    description: 'Insufficient stock (nothing changed), deleted warehouse or item, or the same Idempotency-Key still in progress',
  })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different body, or stock would exceed the maximum' })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: CreateTransactionDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TransactionResponse> {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw badRequest('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-255 visible ASCII characters');
    }
    const result = await this.movements.record(dto, user.sessionId, key);
    void reply.status(result.status);
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get()
  @ReadsFromReplica()
  @ApiOkResponse({ type: TransactionPage })
  list(@Query() query: ListTransactionsQuery): Promise<TransactionPage> {
    return this.history.history(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: TransactionListEntry })
  @ApiNotFoundResponse()
  get(@Param('id', UuidParam()) id: string): Promise<TransactionListEntry> {
    return this.history.get(id);
  }
}
