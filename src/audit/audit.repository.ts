import { Injectable } from '@nestjs/common';
import { InjectTenantPrisma, type TenantPrisma } from '@app/database/database.module';
import type { Prisma } from '@app/generated/prisma/client';

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  after?: { createdAt: Date; id: string };
}

/** Reads only: audit rows are written by the audit_row() trigger and can be neither updated nor deleted. */
@Injectable()
export class AuditRepository {
  constructor(@InjectTenantPrisma() private readonly db: TenantPrisma) {}

  /** Newest first, keyset on (createdAt, id). */
  findPage(filter: AuditFilter, take: number) {
    const where: Prisma.AuditEventWhereInput = {
      entityType: filter.entityType,
      entityId: filter.entityId,
      actorId: filter.actorId,
      action: filter.action,
      createdAt: { gte: filter.from, lt: filter.to },
      ...(filter.after && {
        OR: [{ createdAt: { lt: filter.after.createdAt } }, { createdAt: filter.after.createdAt, id: { lt: filter.after.id } }],
      }),
    };
    return this.db.auditEvent.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take });
  }
}
