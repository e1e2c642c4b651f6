import { HttpStatus, Injectable } from '@nestjs/common';
import { AppError, badRequest, notFound, unauthorized } from '@app/common/errors/app-error';
import type { CreateTransactionDto, TransactionResponse } from './dto/transaction.dto';
import { MOVEMENT_ROUTE, requestHash } from './movement-request';
import { TransactionsRepository, type IdempotencyInput, type MovementOutcome } from './transactions.repository';

const inProgress = (): AppError =>
  new AppError(
    HttpStatus.CONFLICT,
    'IDEMPOTENCY_IN_PROGRESS',
    'A request with this Idempotency-Key is still being processed; retry shortly',
  );

export interface MovementResult {
  status: number;
  body: TransactionResponse;
  replayed: boolean;
}

/** Records movements: one statement, then the Idempotency-Key rules and the reasons for a refusal. */
@Injectable()
export class MovementsService {
  constructor(private readonly repo: TransactionsRepository) {}

  async record(dto: CreateTransactionDto, sessionId: string, idempotencyKey?: string, retried = false): Promise<MovementResult> {
    if (dto.type !== 'INBOUND' && dto.unitCost != null) {
      throw badRequest('UNIT_COST_INBOUND_ONLY', 'unitCost is accepted only for INBOUND: outgoing stock leaves at the average cost');
    }
    const input = {
      type: dto.type,
      warehouseId: dto.warehouseId,
      itemId: dto.itemId,
      quantity: dto.quantity,
      notes: dto.notes ?? null,
      unitCost: dto.unitCost ?? null,
    };
    const idempotency: IdempotencyInput | undefined = idempotencyKey
      ? { route: MOVEMENT_ROUTE, key: idempotencyKey, requestHash: requestHash(dto) }
      : undefined;
    let outcome: MovementOutcome;
    try {
      outcome = await this.repo.move(input, sessionId, idempotency);
    } catch (err) {
      // Two first attempts with one key raced past the lock check: the unique key index made the
      // loser's whole statement fail, so it moved nothing. Answer it like any retry.
      if (
        idempotency &&
        (err as { code?: string }).code === '23505' &&
        /idempotency_keys/.test(String((err as { constraint?: string }).constraint))
      ) {
        return this.replay(idempotency, await this.repo.findPrior(idempotency.route, idempotency.key));
      }
      throw err;
    }
    if (!outcome.principalOk) throw unauthorized('Access token is no longer valid');
    if (idempotency) {
      if (outcome.lockAcquired === false) {
        throw inProgress();
      }
      if (outcome.prior) return this.replay(idempotency, outcome.prior);
    }
    if (outcome.body) return { status: 201, body: outcome.body, replayed: false };
    // Expired reservations stop counting at once: expire the row's overdue ones and try once more.
    if (outcome.targetFound && dto.type === 'OUTBOUND' && !retried && (await this.repo.expireOverdue(dto.warehouseId, dto.itemId)) > 0) {
      return this.record(dto, sessionId, idempotencyKey, true);
    }
    return this.refuse(dto, outcome);
  }

  private replay(idempotency: IdempotencyInput, prior: MovementOutcome['prior']): MovementResult {
    if (!prior) {
      throw inProgress();
    }
    if (prior.request_hash !== idempotency.requestHash) {
      throw new AppError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used with a different request body',
      );
    }
    return { status: prior.response_status, body: prior.response_body, replayed: true };
  }

  /** The movement changed nothing: say why. */
  private async refuse(dto: CreateTransactionDto, outcome: MovementOutcome): Promise<never> {
    if (!outcome.targetFound) {
      const target = await this.repo.describeTarget(dto.warehouseId, dto.itemId);
      if (target.warehouse === 'missing') throw notFound('Warehouse');
      if (target.item === 'missing') throw notFound('Item');
      if (target.warehouse === 'deleted')
        throw new AppError(HttpStatus.CONFLICT, 'WAREHOUSE_DELETED', 'The warehouse is deleted: no stock can move into or out of it');
      if (target.item === 'deleted')
        throw new AppError(HttpStatus.CONFLICT, 'ITEM_DELETED', 'The item is deleted: no stock of it can move');
      // Deleted or created between the two reads: report it as gone.
      throw notFound('Warehouse or item');
    }
    throw new AppError(
      HttpStatus.CONFLICT,
      'INSUFFICIENT_STOCK',
      `Insufficient stock: ${(outcome.available !== undefined ? outcome.available : await this.repo.available(dto.warehouseId, dto.itemId)) ?? '0.00'} available, ${dto.quantity} requested`,
    );
  }
}
