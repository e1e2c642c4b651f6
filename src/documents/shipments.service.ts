import { HttpStatus, Injectable } from '@nestjs/common';
import { AppError } from '@app/common/errors/app-error';
import { Page, skipOf, toPage } from '@app/common/dto/pagination.dto';
import { StockTransactions, type StockResult } from '@app/ledger/stock-transactions';
import type { CreateShipmentDto, ListShipmentsQuery, ShipmentEntry, ShipmentResponse, UpdateShipmentDto } from './dto/shipment.dto';
import { alreadyPosted, documentNotFound, DocumentDrafts, partnerDeleted, statusConflict } from './document-drafts';
import { DocumentsRepository } from './documents.repository';
import { distinctKeys, shortLines, ShortLines } from './short-lines';

export const CONFIRM_SHIPMENT_ROUTE = 'POST /api/v1/shipments/:id/confirm';
export const POST_SHIPMENT_ROUTE = 'POST /api/v1/shipments/:id/post';

/** A shipment's reservations hold their stock until it is posted or cancelled: they do not expire. */
export const SHIPMENT_HOLD_UNTIL = new Date('9999-12-31T00:00:00.000Z');

/**
 * Shipments: a DRAFT of lines to a customer; `confirm` reserves every line (all or none, through the
 * reservations' counter on each locked inventory row); `post` ships every reservation as an OUTBOUND
 * movement in one transaction (src/transactions/sql/shipment-lines.sql.ts); `cancel` releases them.
 */
@Injectable()
export class ShipmentsService {
  constructor(
    private readonly stock: StockTransactions,
    private readonly drafts: DocumentDrafts,
    private readonly repo: DocumentsRepository,
  ) {}

  create(dto: CreateShipmentDto): Promise<ShipmentResponse> {
    return this.drafts.create('SHIPMENT', { ...dto, partnerId: dto.customerId });
  }

  update(id: string, dto: UpdateShipmentDto): Promise<ShipmentResponse> {
    return this.drafts.update('SHIPMENT', id, { ...dto, partnerId: dto.customerId });
  }

  async get(id: string): Promise<ShipmentResponse> {
    const found = await this.repo.find<ShipmentResponse>('SHIPMENT', id);
    if (!found) throw documentNotFound('SHIPMENT');
    return found;
  }

  async list(query: ListShipmentsQuery): Promise<Page<ShipmentEntry>> {
    const { items, total } = await this.repo.list<ShipmentEntry>('SHIPMENT', query, skipOf(query), query.limit);
    return toPage(items, total, query);
  }

  async confirm(id: string, key?: string): Promise<StockResult<ShipmentResponse>> {
    const idempotency = key ? { route: CONFIRM_SHIPMENT_ROUTE, key, canonical: [id.toLowerCase()] } : undefined;
    const attempt = () =>
      this.stock.run(idempotency, HttpStatus.OK, async (tx) => {
        const doc = await this.drafts.lock(tx, 'SHIPMENT', id);
        if (doc.status === 'POSTED') throw alreadyPosted('SHIPMENT');
        if (doc.status !== 'DRAFT') throw statusConflict('SHIPMENT', doc.status, 'confirmed (only a DRAFT is)');
        if (doc.partnerDeleted) throw partnerDeleted('SHIPMENT');
        const lines = await this.repo.lines(tx, id);
        await this.drafts.checkTargets(tx, lines);
        const rows = await tx.lockRows(distinctKeys(lines), true);
        const short = shortLines(lines, rows);
        if (short) throw short;
        const held = await this.repo.reserveLines(tx, doc, SHIPMENT_HOLD_UNTIL);
        // Availability was checked on the locked rows above; anything else is a bug, and the transaction rolls back.
        if (held.held !== held.rows || held.made !== lines.length || held.linked !== lines.length) {
          throw new Error(`shipment ${id}: reserved ${held.held} of ${held.rows} rows, ${held.made} of ${lines.length} lines`);
        }
        await this.repo.setStatus(tx, id, 'CONFIRMED');
        return this.repo.body<ShipmentResponse>(tx, 'SHIPMENT', id);
      });
    try {
      return await attempt();
    } catch (err) {
      // Expired reservations stop counting at once: expire the short rows' overdue ones, then try once more
      // (outside the failed transaction: expiring inside it would lock reservations after inventory rows).
      if (err instanceof ShortLines) {
        let expired = 0;
        for (const k of err.keys) expired += await this.stock.expireOverdue(k);
        if (expired > 0) return attempt();
      }
      throw err;
    }
  }

  post(id: string, key?: string): Promise<StockResult<ShipmentResponse>> {
    const idempotency = key ? { route: POST_SHIPMENT_ROUTE, key, canonical: [id.toLowerCase()] } : undefined;
    return this.stock.run(idempotency, HttpStatus.OK, async (tx) => {
      const doc = await this.drafts.lock(tx, 'SHIPMENT', id);
      if (doc.status === 'POSTED') throw alreadyPosted('SHIPMENT');
      if (doc.status === 'DRAFT') throw statusConflict('SHIPMENT', doc.status, 'posted before it is confirmed');
      if (doc.status !== 'CONFIRMED') throw statusConflict('SHIPMENT', doc.status, 'posted');
      if (doc.partnerDeleted) throw partnerDeleted('SHIPMENT');
      const held = new Map((await this.repo.lockReservations(tx, id)).map((r) => [r.lineNo, r]));
      const lines = await this.repo.lines(tx, id);
      const lost = lines.filter((l) => held.get(l.lineNo)?.status !== 'ACTIVE' || held.get(l.lineNo)?.overdue);
      if (lost.length > 0) {
        const parts = lost
          .slice(0, 20)
          .map((l) => `lines[${l.lineNo}]: reservation ${l.reservationId ?? '—'} is ${held.get(l.lineNo)?.status ?? 'missing'}`);
        throw new AppError(
          HttpStatus.CONFLICT,
          'RESERVATION_NOT_ACTIVE',
          `${lost.length} line(s) no longer hold their stock; nothing was posted (cancel the shipment and draft it again): ${parts.join('; ')}`,
        );
      }
      await this.drafts.checkTargets(tx, lines);
      const keys = distinctKeys(lines);
      const rows = await tx.lockRows(keys, false);
      if (rows.size !== keys.length)
        throw new AppError(HttpStatus.CONFLICT, 'ITEM_DELETED', 'A warehouse or item of the shipment was deleted');
      await tx.lockItemStock(lines.map((l) => l.itemId));
      const written = await this.repo.postShipmentLines(tx, doc);
      if (written.movements !== lines.length || written.fulfilled !== lines.length) {
        throw new Error(`shipment ${id}: ${written.movements} movements, ${written.fulfilled} reservations for ${lines.length} lines`);
      }
      await this.repo.setStatus(tx, id, 'POSTED');
      return this.repo.body<ShipmentResponse>(tx, 'SHIPMENT', id);
    });
  }

  async cancel(id: string): Promise<ShipmentResponse> {
    const result = await this.stock.run(undefined, HttpStatus.OK, async (tx) => {
      const doc = await this.drafts.lock(tx, 'SHIPMENT', id);
      if (doc.status === 'POSTED' || doc.status === 'CANCELLED') throw statusConflict('SHIPMENT', doc.status, 'cancelled');
      if (doc.status === 'CONFIRMED') {
        const active = (await this.repo.lockReservations(tx, id)).filter((r) => r.status === 'ACTIVE');
        if (active.length > 0) {
          await tx.lockRows(distinctKeys(active), false);
          await this.repo.releaseReservations(tx, id);
        }
      }
      await this.repo.setStatus(tx, id, 'CANCELLED');
      return this.repo.body<ShipmentResponse>(tx, 'SHIPMENT', id);
    });
    return result.body;
  }
}
