import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { AppError, badRequest, notFound } from '@app/common/errors/app-error';
import { compareDecimal } from '@app/common/dto/decimal';
import { Page, skipOf, toPage } from '@app/common/dto/pagination.dto';
import { canonical, insufficientStock, StockTransactions, type StockResult, type StockTx } from '@app/ledger/stock-transactions';
import type {
  CreateReservationDto,
  FulfilmentResponse,
  FulfilReservationDto,
  ListReservationsQuery,
  ReservationResponse,
} from './dto/reservation.dto';
import { ReservationsRepository } from './reservations.repository';
import { CLOSE_RESERVATION, LOCK_RESERVATION, RESERVE, UNRESERVE } from './reservations.sql';

export const RESERVE_ROUTE = 'POST /api/v1/reservations';
export const FULFIL_ROUTE = 'POST /api/v1/reservations/:id/fulfil';

interface LockedReservation {
  id: string;
  warehouseId: string;
  itemId: string;
  quantity: string;
  status: string;
  overdue: boolean;
}

const notActive = (status: string): AppError =>
  new AppError(HttpStatus.CONFLICT, 'RESERVATION_NOT_ACTIVE', `The reservation is ${status}, not ACTIVE`);

/**
 * Reservations hold stock for an order: available = on hand − reserved, a counter on the inventory
 * row. Expired reservations stop counting at once (a refused reserve/outbound expires the row's
 * overdue ones and retries: StockTransactions.withExpiry) and the expiry job tidies their status.
 */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly stock: StockTransactions,
    private readonly repo: ReservationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  reserve(dto: CreateReservationDto, key?: string): Promise<StockResult<ReservationResponse>> {
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : new Date(Date.now() + this.config.reservationTtlMinutes * 60_000);
    if (expiresAt.getTime() <= Date.now()) throw badRequest('VALIDATION_FAILED', 'expiresAt must be in the future');
    const target = { warehouseId: dto.warehouseId, itemId: dto.itemId };
    const idempotency = key
      ? {
          route: RESERVE_ROUTE,
          key,
          canonical: [
            dto.warehouseId.toLowerCase(),
            dto.itemId.toLowerCase(),
            canonical(dto.quantity),
            dto.reference ?? null,
            dto.expiresAt ?? null,
          ],
        }
      : undefined;
    return this.stock.withExpiry(target, () =>
      this.stock.run(idempotency, HttpStatus.CREATED, async (tx) => {
        const rows = await tx.lockRows([target], true);
        const [created] = await tx.query<{ body: ReservationResponse }>(RESERVE, [
          dto.warehouseId,
          dto.itemId,
          dto.quantity,
          dto.reference ?? null,
          expiresAt,
          tx.scope.userId,
        ]);
        if (!created) throw insufficientStock([...rows.values()][0]?.available ?? '0.00', dto.quantity);
        return created.body;
      }),
    );
  }

  async release(id: string): Promise<ReservationResponse> {
    const result = await this.stock.run(undefined, HttpStatus.OK, async (tx) => {
      const r = await this.lock(tx, id);
      if (r.status !== 'ACTIVE') throw notActive(r.status);
      await tx.query(UNRESERVE, [r.warehouseId, r.itemId, r.quantity]);
      // Past its expiry it already stopped counting: it is recorded as EXPIRED, not RELEASED.
      return this.close(tx, id, r.overdue ? 'EXPIRED' : 'RELEASED', null);
    });
    return result.body;
  }

  fulfil(id: string, dto: FulfilReservationDto, key?: string): Promise<StockResult<FulfilmentResponse>> {
    const idempotency = key ? { route: FULFIL_ROUTE, key, canonical: [id.toLowerCase(), canonical(dto.quantity)] } : undefined;
    return this.stock.run(idempotency, HttpStatus.OK, async (tx) => {
      const r = await this.lock(tx, id);
      if (r.status !== 'ACTIVE') throw notActive(r.status);
      if (r.overdue)
        throw new AppError(HttpStatus.CONFLICT, 'RESERVATION_EXPIRED', 'The reservation has expired: its stock is no longer held');
      const quantity = dto.quantity ?? r.quantity;
      if (compareDecimal(quantity, r.quantity) > 0) {
        throw badRequest('VALIDATION_FAILED', `quantity must not exceed the reserved quantity (${r.quantity})`);
      }
      const target = { warehouseId: r.warehouseId, itemId: r.itemId };
      await tx.lockRows([target], true);
      const movement = await tx.applyLeg({
        ...target,
        type: 'OUTBOUND',
        change: `-${quantity}`,
        quantity,
        releaseReserved: r.quantity,
        reservationId: r.id,
        changesTotal: true,
      });
      // Cannot happen while reserved ≤ quantity holds (a CHECK): the shipped stock is the held stock.
      if (!movement) throw insufficientStock('0.00', quantity);
      return { reservation: await this.close(tx, id, 'FULFILLED', quantity), movement };
    });
  }

  async get(id: string): Promise<ReservationResponse> {
    const found = await this.repo.find(id);
    if (!found) throw notFound('Reservation');
    return found;
  }

  async list(query: ListReservationsQuery): Promise<Page<ReservationResponse>> {
    const { items, total } = await this.repo.list(query, skipOf(query), query.limit);
    return toPage(items, total, query);
  }

  private async lock(tx: StockTx, id: string): Promise<LockedReservation> {
    const [r] = await tx.query<LockedReservation>(LOCK_RESERVATION, [id]);
    if (!r) throw notFound('Reservation');
    return r;
  }

  private async close(tx: StockTx, id: string, status: string, fulfilled: string | null): Promise<ReservationResponse> {
    const [row] = await tx.query<{ body: ReservationResponse }>(CLOSE_RESERVATION, [id, status, fulfilled]);
    if (!row) throw notFound('Reservation');
    return row.body;
  }
}
