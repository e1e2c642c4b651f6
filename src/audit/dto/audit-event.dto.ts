import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { LimitQuery, MAX_LIMIT } from '@app/common/dto/pagination.dto';
import { DATE_RANGE_TEXT, IsoDateTime } from '@app/common/dto/dates';

/** Entity types the audit trigger writes (the trigger's argument per table, migration *_integration). */
export const AUDITED_ENTITY_TYPES = ['company', 'user', 'warehouse', 'item', 'webhook', 'supplier', 'customer', 'document'] as const;
export const AUDIT_ACTIONS = ['CREATE', 'UPDATE', 'DELETE'] as const;

export class ListAuditEventsQuery extends LimitQuery {
  @ApiPropertyOptional({ enum: AUDITED_ENTITY_TYPES })
  @IsOptional()
  @IsIn(AUDITED_ENTITY_TYPES, { message: `entityType must be one of ${AUDITED_ENTITY_TYPES.join(', ')}` })
  entityType?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', { message: 'entityId must be a UUID' }) entityId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'User who made the change' })
  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS, { message: 'action must be CREATE, UPDATE or DELETE' })
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: `Inclusive lower bound on createdAt, ${DATE_RANGE_TEXT}` })
  @IsOptional()
  @IsoDateTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: `Exclusive upper bound on createdAt, ${DATE_RANGE_TEXT}` })
  @IsOptional()
  @IsoDateTime()
  to?: string;

  @ApiPropertyOptional({ type: String, maxLength: 200, pattern: '^[A-Za-z0-9_-]{1,200}$', description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not valid' })
  cursor?: string;
}

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: AUDITED_ENTITY_TYPES }) entityType!: string;
  @ApiProperty({ format: 'uuid' }) entityId!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for changes made without a signed-in user' })
  actorId!: string | null;
  @ApiProperty({ nullable: true, type: String, maxLength: 128, description: 'X-Request-Id of the request that made the change' })
  requestId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', minItems: 2, maxItems: 2, items: {} },
    example: { reorderThreshold: [10, 25] },
    description: 'Changed fields as [before, after]; never a password, hash, token or secret',
  })
  changes!: Record<string, [unknown, unknown]>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class AuditEventPage {
  @ApiProperty({ type: [AuditEventResponse], maxItems: MAX_LIMIT }) items!: AuditEventResponse[];
  @ApiProperty({ nullable: true, type: String, maxLength: 200, description: 'Pass as ?cursor= for the next page; null at the end' })
  nextCursor!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_LIMIT }) limit!: number;
}
