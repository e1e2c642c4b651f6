import { HttpStatus, Injectable } from '@nestjs/common';
import { AppError } from '@app/common/errors/app-error';
import { isSaneInstant } from '@app/common/dto/dates';
import type { AuditEventPage, AuditEventResponse, ListAuditEventsQuery } from './dto/audit-event.dto';
import { AuditRepository } from './audit.repository';

@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  async list(query: ListAuditEventsQuery): Promise<AuditEventPage> {
    const rows = await this.repo.findPage(
      {
        entityType: query.entityType,
        entityId: query.entityId,
        actorId: query.actorId,
        action: query.action,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        after: query.cursor ? decodeCursor(query.cursor) : undefined,
      },
      query.limit + 1,
    );
    const items: AuditEventResponse[] = rows.slice(0, query.limit).map((r) => ({
      id: r.id,
      entityType: r.entityType,
      entityId: r.entityId,
      action: r.action,
      actorId: r.actorId,
      requestId: r.requestId,
      changes: camelKeys(r.changes as Record<string, [unknown, unknown]>),
      createdAt: r.createdAt.toISOString(),
    }));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null, limit: query.limit };
  }
}

/** Audit rows keep the column names (audit_row() trigger); the API speaks camelCase. */
function camelKeys<T>(changes: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), v]));
}

function encodeCursor(row: { createdAt: string; id: string }): string {
  return Buffer.from(`${row.createdAt}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || !isSaneInstant(createdAt)) {
    throw new AppError(HttpStatus.BAD_REQUEST, 'INVALID_CURSOR', 'cursor is not valid');
  }
  return { createdAt, id };
}
