import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppError, notFound } from '@app/common/errors/app-error';
import { TenantSql } from '@app/database/tenant-sql';
import { TenantTransactions, type TenantTx } from '@app/database/tenant-transaction';
import { TenantContext, type TenantScope } from '@app/database/tenant-context';
import type { TransactionResponse } from '@app/transactions/dto/transaction.dto';
import { canonicalDecimal } from '@app/transactions/movement-request';
import {
  APPLY_LEG,
  DESCRIBE_TARGETS,
  ENSURE_ITEM_STOCK,
  ENSURE_ROWS,
  EXPIRE_OVERDUE_FOR_ROW,
  IDEMPOTENCY_LOCK,
  IDEMPOTENCY_PRIOR,
  IDEMPOTENCY_SAVE,
  LOCK_ITEM_STOCK,
  LOCK_WAREHOUSE_TOTALS,
  SHARE_ITEM_STOCK,
  LOCK_ROWS,
} from './ledger.sql';

export interface StockKey {
  warehouseId: string;
  itemId: string;
}

export interface LockedRow extends StockKey {
  quantity: string;
  reserved: string;
  available: string;
}

export interface Leg extends StockKey {
  type: 'OUTBOUND' | 'TRANSFER_OUT' | 'TRANSFER_IN' | 'ADJUSTMENT';
  /** Signed change of on-hand. */
  change: string;
  /** Quantity written on the ledger row (signed for adjustments, positive otherwise). */
  quantity: string;
  /** Reserved stock this leg consumes (fulfilment). */
  releaseReserved?: string;
  notes?: string | null;
  reason?: string | null;
  transferId?: string | null;
  reservationId?: string | null;
  stockCountId?: string | null;
  /** False for transfer legs: the company-wide total of the item does not change. */
  changesTotal: boolean;
}

export interface IdempotencyRequest {
  route: string;
  key: string;
  /** Canonical request: hashed to recognise a different body under the same key. */
  canonical: unknown[];
}

export interface StockResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export const insufficientStock = (available: string, requested: string, what = ''): AppError =>
  new AppError(
    HttpStatus.CONFLICT,
    'INSUFFICIENT_STOCK',
    `Insufficient stock${what ? ` ${what}` : ''}: ${available} available, ${requested} requested`,
  );

/** Canonical decimal text for request hashes ("5", "5.0" and "5.00" are one quantity). */
export const canonical = (value: string | null | undefined): string | null => (value == null ? null : canonicalDecimal(value));

/** One database transaction of a stock operation, in the tenant of the request. */
export class StockTx {
  constructor(
    private readonly tx: TenantTx,
    readonly scope: TenantScope,
  ) {}

  /** One statement of the transaction; `$1` is the company (bound by the door), `values` are `$2…`. */
  query<R extends object>(text: string, values: readonly unknown[]): Promise<R[]> {
    return this.tx.query<R>(text, values);
  }

  /**
   * Creates missing inventory rows of the pairs, then locks them in (warehouse, item) order. Answers
   * 404 / 409 naming the first unknown or deleted warehouse or item.
   */
  async lockRows(keys: StockKey[], create: boolean): Promise<Map<string, LockedRow>> {
    const params = [keys.map((k) => k.warehouseId), keys.map((k) => k.itemId)];
    if (create) await this.query(ENSURE_ROWS, params);
    const rows = await this.query<LockedRow>(LOCK_ROWS, params);
    const byKey = new Map(rows.map((r) => [keyOf(r), r]));
    if (create && keys.some((k) => !byKey.has(keyOf(k)))) await this.explainMissing(keys);
    return byKey;
  }

  /**
   * Creates the missing item_stock rows of the items and locks them in item order: after the
   * inventory rows, for a statement that writes many ledger rows at once.
   */
  async lockItemStock(itemIds: string[]): Promise<void> {
    const ids = [...new Set(itemIds.map((id) => id.toLowerCase()))];
    await this.query(ENSURE_ITEM_STOCK, [ids]);
    await this.query(LOCK_ITEM_STOCK, [ids]);
  }

  /**
   * Before the legs of a multi-statement operation: the items' item_stock rows (`changesTotal`: FOR UPDATE,
   * else FOR SHARE) and the pairs' running-totals rows, in the lock order every single statement follows.
   */
  async lockTotals(keys: StockKey[], changesTotal: boolean): Promise<void> {
    const items = keys.map((k) => k.itemId.toLowerCase());
    if (changesTotal) await this.lockItemStock(items);
    else await this.query(SHARE_ITEM_STOCK, [[...new Set(items)]]);
    await this.query(LOCK_WAREHOUSE_TOTALS, [keys.map((k) => k.warehouseId), keys.map((k) => k.itemId)]);
  }

  /** Writes one ledger row on a locked inventory row; null when available stock would go below zero. */
  async applyLeg(leg: Leg): Promise<TransactionResponse | null> {
    const rows = await this.query<{ body: TransactionResponse }>(APPLY_LEG, [
      leg.warehouseId,
      leg.itemId,
      leg.change,
      leg.type,
      leg.quantity,
      leg.releaseReserved ?? '0',
      leg.notes ?? null,
      this.scope.userId,
      leg.reason ?? null,
      leg.transferId ?? null,
      leg.reservationId ?? null,
      leg.stockCountId ?? null,
      leg.changesTotal,
    ]);
    return rows[0]?.body ?? null;
  }

  private async explainMissing(keys: StockKey[]): Promise<never> {
    const ids = [...new Set(keys.map((k) => k.warehouseId))].map((id) => [id, 'warehouse']);
    ids.push(...[...new Set(keys.map((k) => k.itemId))].map((id) => [id, 'item']));
    const states = await this.query<{ id: string; kind: 'warehouse' | 'item'; state: 'ok' | 'deleted' | null }>(DESCRIBE_TARGETS, [
      ids.map((x) => x[0]),
      ids.map((x) => x[1]),
    ]);
    for (const kind of ['warehouse', 'item'] as const) {
      const name = kind === 'warehouse' ? 'Warehouse' : 'Item';
      if (states.some((s) => s.kind === kind && s.state === null)) throw notFound(name);
      const deleted = states.find((s) => s.kind === kind && s.state === 'deleted');
      // Named: in a multi-line operation (a count whose item was deleted after its line was recorded) the caller
      // must know which line blocks it.
      if (deleted)
        throw new AppError(
          HttpStatus.CONFLICT,
          kind === 'warehouse' ? 'WAREHOUSE_DELETED' : 'ITEM_DELETED',
          `The ${kind} ${deleted.id} is deleted: no stock can move`,
        );
    }
    throw notFound('Warehouse or item');
  }
}

export const keyOf = (k: StockKey): string => `${k.warehouseId.toLowerCase()}|${k.itemId.toLowerCase()}`;

const inProgress = (): AppError =>
  new AppError(
    HttpStatus.CONFLICT,
    'IDEMPOTENCY_IN_PROGRESS',
    'A request with this Idempotency-Key is still being processed; retry shortly',
  );

/**
 * Runs a stock operation in one database transaction on one pooled connection, optionally under an
 * Idempotency-Key: the key's advisory lock, the earlier answer, the work and the saved answer all
 * share the transaction, so a refused or failed operation stores nothing and a retry replays the
 * first answer (`replayed`).
 */
@Injectable()
export class StockTransactions {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly sql: TenantSql,
  ) {}

  async run<T>(idempotency: IdempotencyRequest | undefined, status: number, work: (tx: StockTx) => Promise<T>): Promise<StockResult<T>> {
    const scope = TenantContext.require();
    const hash = idempotency ? createHash('sha256').update(JSON.stringify(idempotency.canonical)).digest('hex') : '';
    const outcome = await this.transactions.run(async (db): Promise<StockResult<T> | { reused: true }> => {
      const tx = new StockTx(db, scope);
      if (idempotency) {
        const [lock] = await tx.query<{ ok: boolean }>(IDEMPOTENCY_LOCK, [`${scope.userId}|${idempotency.route}|${idempotency.key}`]);
        if (!lock?.ok) throw inProgress();
        const [prior] = await tx.query<{ request_hash: string; response_status: number; response_body: T }>(IDEMPOTENCY_PRIOR, [
          scope.userId,
          idempotency.route,
          idempotency.key,
        ]);
        if (prior) {
          if (prior.request_hash !== hash) return { reused: true };
          return { status: prior.response_status, body: prior.response_body, replayed: true };
        }
      }
      const body = await work(tx);
      if (idempotency) {
        await tx.query(IDEMPOTENCY_SAVE, [scope.userId, idempotency.route, idempotency.key, hash, status, JSON.stringify(body)]);
      }
      return { status, body, replayed: false };
    });
    if ('reused' in outcome) {
      throw new AppError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used with a different request body',
      );
    }
    return outcome;
  }

  /** Marks the overdue reservations of one inventory row EXPIRED (one statement); how many. */
  async expireOverdue(key: StockKey): Promise<number> {
    const rows = await this.sql.statement<{ expired: number }>('expire_overdue_row', EXPIRE_OVERDUE_FOR_ROW, [key.warehouseId, key.itemId]);
    return rows[0]?.expired ?? 0;
  }

  /**
   * Expired reservations stop counting at once: when `attempt` is refused for insufficient stock on
   * `key` and that row holds overdue reservations, they are expired and the attempt runs once more.
   * (Expiring inside the attempt would lock a reservation after an inventory row: against the lock order.)
   */
  async withExpiry<T>(key: StockKey, attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (err) {
      if (err instanceof AppError && err.code === 'INSUFFICIENT_STOCK' && (await this.expireOverdue(key)) > 0) return attempt();
      throw err;
    }
  }
}
