import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectTenantPrisma, type TenantPrisma } from '@app/database/database.module';
import type { Prisma } from '@app/generated/prisma/client';

const ENDPOINT = { id: true, url: true, events: true, description: true, isActive: true, createdAt: true, updatedAt: true } as const;
const DELIVERY = {
  id: true,
  endpointId: true,
  eventId: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  lastResponseCode: true,
  lastError: true,
  createdAt: true,
  event: { select: { type: true } },
} as const;

export type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof ENDPOINT }>;
export type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof DELIVERY }>;

@Injectable()
export class WebhooksRepository {
  constructor(@InjectTenantPrisma() private readonly db: TenantPrisma) {}

  create(data: { url: string; events: string[]; description?: string | null; secret: string }) {
    return this.db.webhookEndpoint.create({ data: data as Prisma.WebhookEndpointUncheckedCreateInput, select: ENDPOINT });
  }

  async page(skip: number, take: number): Promise<[EndpointRow[], number]> {
    return Promise.all([
      this.db.webhookEndpoint.findMany({ select: ENDPOINT, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], skip, take }),
      this.db.webhookEndpoint.count(),
    ]);
  }

  findById(id: string) {
    return this.db.webhookEndpoint.findFirst({ where: { id }, select: ENDPOINT });
  }

  /** Null when no endpoint of the company has this id. */
  async update(id: string, data: { url?: string; events?: string[]; description?: string | null; isActive?: boolean }) {
    const { count } = await this.db.webhookEndpoint.updateMany({ where: { id }, data });
    return count === 0 ? null : this.findById(id);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.db.webhookEndpoint.deleteMany({ where: { id } })).count > 0;
  }

  async deliveries(endpointId: string, skip: number, take: number): Promise<[DeliveryRow[], number]> {
    return Promise.all([
      this.db.webhookDelivery.findMany({
        where: { endpointId },
        select: DELIVERY,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip,
        take,
      }),
      this.db.webhookDelivery.count({ where: { endpointId } }),
    ]);
  }

  /** A test event and its one delivery, to this endpoint only. */
  async queueTest(endpointId: string, payload: Prisma.InputJsonValue, type: string): Promise<DeliveryRow> {
    const eventId = randomUUID();
    return this.db.$transaction(async (tx) => {
      // Fanned out already: its one delivery is queued here, to this endpoint only.
      await tx.webhookEvent.create({ data: { id: eventId, type, payload, fannedOut: true } as Prisma.WebhookEventUncheckedCreateInput });
      return tx.webhookDelivery.create({ data: { eventId, endpointId } as Prisma.WebhookDeliveryUncheckedCreateInput, select: DELIVERY });
    });
  }

  /** A new delivery of the same event to the same endpoint (the old one stays in the log). Null: unknown id. */
  async redeliver(deliveryId: string): Promise<DeliveryRow | null> {
    const original = await this.db.webhookDelivery.findFirst({ where: { id: deliveryId }, select: { eventId: true, endpointId: true } });
    if (!original) return null;
    return this.db.webhookDelivery.create({ data: original as Prisma.WebhookDeliveryUncheckedCreateInput, select: DELIVERY });
  }
}
