import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { TenantSql } from '@app/database/tenant-sql';
import type { StockTx } from '@app/ledger/stock-transactions';
import { LOCK_DOCUMENT_RESERVATIONS, RELEASE_DOCUMENT_RESERVATIONS, RESERVE_DOCUMENT_LINES } from '@app/reservations/reservations.sql';
import { POST_RECEIPT_LINES } from '@app/transactions/sql/receipt-lines.sql';
import { POST_SHIPMENT_LINES } from '@app/transactions/sql/shipment-lines.sql';
import {
  DELETE_LINES,
  DOCUMENT_LINES,
  FIND_RECEIPT,
  FIND_SHIPMENT,
  INSERT_DOCUMENT,
  INSERT_LINES,
  LINE_TARGET_PROBLEMS,
  LOCK_CUSTOMER,
  LOCK_DOCUMENT,
  LOCK_SUPPLIER,
  RECEIPT_ENTRY_JSON,
  SET_STATUS,
  SHIPMENT_ENTRY_JSON,
  UPDATE_HEADER,
} from './documents.sql';

export type DocumentKind = 'RECEIPT' | 'SHIPMENT';
export type PartnerState = 'ok' | 'deleted' | 'missing';

export interface LineInput {
  itemId: string;
  warehouseId: string;
  quantity: string;
  unitCost?: string | null;
}

export interface LineRow {
  lineNo: number;
  warehouseId: string;
  itemId: string;
  quantity: string;
  reservationId: string | null;
}

export interface LineTargetProblem {
  line: number;
  warehouse: 'ok' | 'deleted' | 'missing';
  item: 'ok' | 'deleted' | 'missing';
}

export interface LockedDocument {
  id: string;
  status: 'DRAFT' | 'CONFIRMED' | 'POSTED' | 'CANCELLED';
  supplierId: string | null;
  customerId: string | null;
  reference: string | null;
  partnerDeleted: boolean;
}

export interface LockedReservation {
  lineNo: number;
  id: string;
  warehouseId: string;
  itemId: string;
  status: string;
  overdue: boolean;
}

export interface DocumentFilter {
  status?: string;
  supplierId?: string;
  customerId?: string;
}

const FIND: Record<DocumentKind, string> = { RECEIPT: FIND_RECEIPT, SHIPMENT: FIND_SHIPMENT };
const ENTRY: Record<DocumentKind, string> = { RECEIPT: RECEIPT_ENTRY_JSON, SHIPMENT: SHIPMENT_ENTRY_JSON };

/**
 * Receipts and shipments: reads through the door (TenantSql), and the steps of drafting, confirming,
 * posting and cancelling, each one statement inside the caller's stock transaction (StockTx).
 */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly sql: TenantSql) {}

  async find<T>(kind: DocumentKind, id: string): Promise<T | undefined> {
    const rows = await this.sql.statement<{ body: T }>(`find_${kind.toLowerCase()}`, FIND[kind], [id]);
    return rows[0]?.body;
  }

  async list<T>(kind: DocumentKind, filter: DocumentFilter, skip: number, take: number): Promise<{ items: T[]; total: number }> {
    const cond = (company: Prisma.Sql): Prisma.Sql => {
      const where = [Prisma.sql`d.company_id = ${company}`, Prisma.sql`d.kind = ${kind}::"DocumentKind"`];
      if (filter.status) where.push(Prisma.sql`d.status = ${filter.status}::"DocumentStatus"`);
      if (filter.supplierId) where.push(Prisma.sql`d.supplier_id = ${filter.supplierId}::uuid`);
      if (filter.customerId) where.push(Prisma.sql`d.customer_id = ${filter.customerId}::uuid`);
      return Prisma.join(where, ' AND ');
    };
    const [items, counted] = await Promise.all([
      this.sql.rows<{ body: T }>(
        (company) => Prisma.sql`
        SELECT ${Prisma.raw(ENTRY[kind])} AS body FROM documents d WHERE ${cond(company)}
         ORDER BY d.created_at DESC, d.id DESC LIMIT ${take} OFFSET ${skip}`,
      ),
      this.sql.rows<{ n: number }>((company) => Prisma.sql`SELECT count(*)::int AS n FROM documents d WHERE ${cond(company)}`),
    ]);
    return { items: items.map((r) => r.body), total: counted[0]?.n ?? 0 };
  }

  // ── inside a stock transaction ──────────────────────────────────────────────────────────────

  /** The partner's state, share-locked so that a concurrent soft delete waits for this transaction. */
  async lockPartner(tx: StockTx, kind: DocumentKind, partnerId: string): Promise<PartnerState> {
    const [row] = await tx.query<{ deleted: boolean }>(kind === 'RECEIPT' ? LOCK_SUPPLIER : LOCK_CUSTOMER, [partnerId]);
    return !row ? 'missing' : row.deleted ? 'deleted' : 'ok';
  }

  /** Lines (by position) whose warehouse or item is not an active one of the company. */
  lineTargetProblems(tx: StockTx, lines: Array<{ warehouseId: string; itemId: string }>): Promise<LineTargetProblem[]> {
    return tx.query<LineTargetProblem>(LINE_TARGET_PROBLEMS, [lines.map((l) => l.warehouseId), lines.map((l) => l.itemId)]);
  }

  async insert(tx: StockTx, kind: DocumentKind, partnerId: string, reference: string | null, notes: string | null): Promise<string> {
    const [row] = await tx.query<{ id: string }>(INSERT_DOCUMENT, [
      kind,
      kind === 'RECEIPT' ? partnerId : null,
      kind === 'SHIPMENT' ? partnerId : null,
      reference,
      notes,
      tx.scope.userId,
    ]);
    return row.id;
  }

  /** Replaces every line of a locked DRAFT (or writes the first ones). */
  async replaceLines(tx: StockTx, id: string, lines: LineInput[]): Promise<void> {
    await tx.query(DELETE_LINES, [id]);
    await tx.query(INSERT_LINES, [
      id,
      lines.map((l) => l.warehouseId),
      lines.map((l) => l.itemId),
      lines.map((l) => l.quantity),
      lines.map((l) => l.unitCost ?? null),
    ]);
  }

  async updateHeader(
    tx: StockTx,
    kind: DocumentKind,
    id: string,
    change: { partnerId?: string; reference?: string | null; notes?: string | null },
  ): Promise<void> {
    await tx.query(UPDATE_HEADER, [
      id,
      kind === 'RECEIPT' ? (change.partnerId ?? null) : null,
      kind === 'SHIPMENT' ? (change.partnerId ?? null) : null,
      change.reference !== undefined,
      change.reference ?? null,
      change.notes !== undefined,
      change.notes ?? null,
    ]);
  }

  async lock(tx: StockTx, kind: DocumentKind, id: string): Promise<LockedDocument | undefined> {
    const [row] = await tx.query<LockedDocument>(LOCK_DOCUMENT, [id, kind]);
    return row;
  }

  lines(tx: StockTx, id: string): Promise<LineRow[]> {
    return tx.query<LineRow>(DOCUMENT_LINES, [id]);
  }

  async setStatus(tx: StockTx, id: string, status: 'CONFIRMED' | 'POSTED' | 'CANCELLED'): Promise<void> {
    await tx.query(SET_STATUS, [id, status]);
  }

  async body<T>(tx: StockTx, kind: DocumentKind, id: string): Promise<T> {
    const [row] = await tx.query<{ body: T }>(FIND[kind], [id]);
    return row.body;
  }

  /** Every line as an INBOUND movement, one statement (src/transactions/sql/receipt-lines.sql.ts). */
  async postReceiptLines(tx: StockTx, doc: LockedDocument): Promise<{ lines: number; movements: number }> {
    const [row] = await tx.query<{ lines: number; movements: number }>(POST_RECEIPT_LINES, [
      doc.id,
      doc.supplierId,
      doc.reference,
      tx.scope.userId,
    ]);
    return row ?? { lines: 0, movements: 0 };
  }

  /** Every line as an OUTBOUND movement from its reservation, one statement (src/transactions/sql/shipment-lines.sql.ts). */
  async postShipmentLines(tx: StockTx, doc: LockedDocument): Promise<{ lines: number; movements: number; fulfilled: number }> {
    const [row] = await tx.query<{ lines: number; movements: number; fulfilled: number }>(POST_SHIPMENT_LINES, [
      doc.id,
      doc.customerId,
      doc.reference,
      tx.scope.userId,
    ]);
    return row ?? { lines: 0, movements: 0, fulfilled: 0 };
  }

  /** One reservation per line, on locked rows whose availability was checked. */
  async reserveLines(
    tx: StockTx,
    doc: LockedDocument,
    expiresAt: Date,
  ): Promise<{ rows: number; held: number; made: number; linked: number }> {
    const [row] = await tx.query<{ rows: number; held: number; made: number; linked: number }>(RESERVE_DOCUMENT_LINES, [
      doc.id,
      doc.reference ?? `shipment ${doc.id}`,
      expiresAt,
      tx.scope.userId,
    ]);
    return row ?? { rows: 0, held: 0, made: 0, linked: 0 };
  }

  lockReservations(tx: StockTx, id: string): Promise<LockedReservation[]> {
    return tx.query<LockedReservation>(LOCK_DOCUMENT_RESERVATIONS, [id]);
  }

  async releaseReservations(tx: StockTx, id: string): Promise<number> {
    const [row] = await tx.query<{ released: number }>(RELEASE_DOCUMENT_RESERVATIONS, [id]);
    return row?.released ?? 0;
  }
}
