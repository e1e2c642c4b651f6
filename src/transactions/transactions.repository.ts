import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import type { TransactionType } from '@app/generated/prisma/client';
import { TenantSql } from '@app/database/tenant-sql';
import { TenantContext } from '@app/database/tenant-context';
import type { TransactionListEntry, TransactionResponse } from './dto/transaction.dto';
import { EXPIRE_OVERDUE_FOR_ROW } from '@app/ledger/ledger.sql';
import { MOVEMENT_SQL, type MovementVariant } from './movement.sql';

export interface MovementInput {
  type: 'INBOUND' | 'OUTBOUND';
  warehouseId: string;
  itemId: string;
  quantity: string;
  notes: string | null;
  unitCost: string | null;
}

export interface IdempotencyInput {
  route: string;
  key: string;
  requestHash: string;
}

export interface MovementOutcome {
  body: TransactionResponse | null;
  /** Stock available on the row; only the idempotent variants read it in the statement (else: `available()`). */
  /** The caller is still an active user of the company, with the token's role and a live login. */
  principalOk: boolean;
  targetFound: boolean;
  available?: string | null;
  lockAcquired?: boolean;
  prior?: { request_hash: string; response_status: number; response_body: TransactionResponse } | null;
}

/** One answer row of a movement statement: the plain variants' columns, or the idempotent variants' outcome. */
type MovementRow = MovementOutcome & {
  id?: string | null;
  warehouseId?: string | null;
  itemId?: string | null;
  quantity?: string | null;
  balanceAfter?: string | null;
  createdBy?: string | null;
  createdAt?: string | null;
  unitCost?: string | null;
};

export interface HistoryFilter {
  type?: TransactionType;
  warehouseId?: string;
  itemId?: string;
  createdBy?: string;
  documentId?: string;
  supplierId?: string;
  customerId?: string;
  from?: Date;
  to?: Date;
  after?: { createdAt: Date; id: string };
}

@Injectable()
export class TransactionsRepository {
  constructor(private readonly sql: TenantSql) {}

  /**
   * Records one movement with one statement through the door (named, so PostgreSQL prepares it once
   * per connection; `$1` is the company, bound by TenantSql). The user comes from the tenant context,
   * never from the request.
   */
  async move(input: MovementInput, sessionId: string, idempotency?: IdempotencyInput): Promise<MovementOutcome> {
    const { companyId, userId, role } = TenantContext.require();
    const variant: MovementVariant = idempotency ? `${input.type}_IDEMPOTENT` : input.type;
    const values: unknown[] = [input.warehouseId, input.itemId, input.quantity, input.notes, userId, sessionId, role];
    if (idempotency) {
      values.push(
        `${companyId}|${userId}|${idempotency.route}|${idempotency.key}`,
        idempotency.route,
        idempotency.key,
        idempotency.requestHash,
      );
    }
    values.push(input.unitCost); // last: $9, or $13 in the idempotent variants
    const rows = await this.sql.statement<MovementRow>(`movement_${variant.toLowerCase()}`, MOVEMENT_SQL[variant], values);
    const row = rows[0];
    if (!row) throw new Error('movement statement answered no row');
    if (idempotency) return row;
    // The plain variants answer the ledger row's columns as text; the body is the same object the SQL built before.
    const body: TransactionResponse | null =
      row.id == null
        ? null
        : {
            id: row.id,
            type: input.type,
            warehouseId: row.warehouseId as string,
            itemId: row.itemId as string,
            quantity: row.quantity as string,
            balanceAfter: row.balanceAfter as string,
            notes: input.notes,
            createdBy: row.createdBy as string,
            createdAt: row.createdAt as string,
            unitCost: row.unitCost ?? null,
            reason: null,
            transferId: null,
            reservationId: null,
            stockCountId: null,
          };
    return { body, principalOk: row.principalOk, targetFound: row.targetFound };
  }

  /** Stock available on one row now (on hand − reserved): why an OUTBOUND was refused. */
  async available(warehouseId: string, itemId: string): Promise<string | null> {
    const row = await this.sql.one<{ available: string }>(
      (company) => Prisma.sql`
      SELECT (quantity - reserved)::text AS available FROM inventory
       WHERE company_id = ${company} AND warehouse_id = ${warehouseId}::uuid AND item_id = ${itemId}::uuid`,
    );
    return row?.available ?? null;
  }

  /** Why a movement found no target: each of warehouse and item is missing or soft-deleted. */
  async describeTarget(
    warehouseId: string,
    itemId: string,
  ): Promise<{ warehouse: 'ok' | 'missing' | 'deleted'; item: 'ok' | 'missing' | 'deleted' }> {
    const r = await this.sql.one<{ w: Date | null | undefined; i: Date | null | undefined; wFound: boolean; iFound: boolean }>(
      (company) => Prisma.sql`
      SELECT EXISTS (SELECT 1 FROM warehouses WHERE id = ${warehouseId}::uuid AND company_id = ${company}) AS "wFound",
             (SELECT deleted_at FROM warehouses WHERE id = ${warehouseId}::uuid AND company_id = ${company}) AS w,
             EXISTS (SELECT 1 FROM items WHERE id = ${itemId}::uuid AND company_id = ${company}) AS "iFound",
             (SELECT deleted_at FROM items WHERE id = ${itemId}::uuid AND company_id = ${company}) AS i`,
    );
    const state = (found: boolean | undefined, deletedAt: Date | null | undefined) => (!found ? 'missing' : deletedAt ? 'deleted' : 'ok');
    return { warehouse: state(r?.wFound, r?.w), item: state(r?.iFound, r?.i) };
  }

  /** Marks the overdue reservations of one inventory row EXPIRED and frees their stock; how many. */
  async expireOverdue(warehouseId: string, itemId: string): Promise<number> {
    const rows = await this.sql.statement<{ expired: number }>('expire_overdue_row', EXPIRE_OVERDUE_FOR_ROW, [warehouseId, itemId]);
    return rows[0]?.expired ?? 0;
  }

  async findPrior(route: string, key: string): Promise<MovementOutcome['prior']> {
    const { userId } = TenantContext.require();
    const prior = await this.sql.one<NonNullable<MovementOutcome['prior']>>(
      (company) => Prisma.sql`
      SELECT request_hash, response_status, response_body FROM idempotency_keys
       WHERE company_id = ${company} AND user_id = ${userId}::uuid AND route = ${route} AND key = ${key}`,
    );
    return prior ?? null;
  }

  private static readonly COLUMNS = Prisma.sql`
    t.id::text AS id, t.type::text AS type, t.warehouse_id::text AS "warehouseId", t.item_id::text AS "itemId",
    t.quantity::text AS quantity, t.balance_after::text AS "balanceAfter", t.notes, t.created_by::text AS "createdBy",
    to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
    t.unit_cost::text AS "unitCost", t.reason::text AS reason, t.transfer_id::text AS "transferId",
    t.reservation_id::text AS "reservationId", t.stock_count_id::text AS "stockCountId",
    t.document_id::text AS "documentId", t.supplier_id::text AS "supplierId", t.customer_id::text AS "customerId",
    w.name AS "warehouseName", it.sku AS "itemSku", it.name AS "itemName"`;

  /** Newest first, keyset-paginated on (created_at, id): each page is an index range scan. */
  history(filter: HistoryFilter, take: number): Promise<TransactionListEntry[]> {
    const where: Prisma.Sql[] = [];
    if (filter.type) where.push(Prisma.sql`t.type = ${filter.type}::"TransactionType"`);
    if (filter.warehouseId) where.push(Prisma.sql`t.warehouse_id = ${filter.warehouseId}::uuid`);
    if (filter.itemId) where.push(Prisma.sql`t.item_id = ${filter.itemId}::uuid`);
    if (filter.createdBy) where.push(Prisma.sql`t.created_by = ${filter.createdBy}::uuid`);
    // By document, or by the documents of a partner: both reach the partial index on document_id.
    if (filter.documentId) where.push(Prisma.sql`t.document_id = ${filter.documentId}::uuid`);
    if (filter.supplierId)
      where.push(
        Prisma.sql`t.document_id IN (SELECT d.id FROM documents d WHERE d.supplier_id = ${filter.supplierId}::uuid) AND t.supplier_id = ${filter.supplierId}::uuid`,
      );
    if (filter.customerId)
      where.push(
        Prisma.sql`t.document_id IN (SELECT d.id FROM documents d WHERE d.customer_id = ${filter.customerId}::uuid) AND t.customer_id = ${filter.customerId}::uuid`,
      );
    if (filter.from) where.push(Prisma.sql`t.created_at >= ${filter.from}`);
    if (filter.to) where.push(Prisma.sql`t.created_at < ${filter.to}`);
    if (filter.after) where.push(Prisma.sql`(t.created_at, t.id) < (${filter.after.createdAt}, ${filter.after.id}::uuid)`);
    return this.sql.prepared<TransactionListEntry>(
      (company) => Prisma.sql`
      SELECT ${TransactionsRepository.COLUMNS}
        FROM transactions t
        JOIN warehouses w ON w.id = t.warehouse_id
        JOIN items it ON it.id = t.item_id
       WHERE ${Prisma.join([Prisma.sql`t.company_id = ${company}`, ...where], ' AND ')}
       ORDER BY t.created_at DESC, t.id DESC
       LIMIT ${take}`,
    );
  }

  async findById(id: string): Promise<TransactionListEntry | undefined> {
    return this.sql.one<TransactionListEntry>(
      (company) => Prisma.sql`
      SELECT ${TransactionsRepository.COLUMNS}
        FROM transactions t JOIN warehouses w ON w.id = t.warehouse_id JOIN items it ON it.id = t.item_id
       WHERE t.company_id = ${company} AND t.id = ${id}::uuid`,
    );
  }
}
