import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { TransactionType } from '@app/generated/prisma/client';
import { DECIMAL_RESPONSE, DecimalField, decimalInputSchema, type DecimalRule } from '@app/common/dto/decimal';
import { LimitQuery } from '@app/common/dto/pagination.dto';
import { OptionalNullable } from '@app/common/dto/optional';
import { DATE_RANGE_TEXT, IsoDateTime } from '@app/common/dto/dates';

/** Largest quantity one movement may carry (documented in docs/api.md). */
export const MAX_MOVEMENT_QUANTITY = '1000000';

const QUANTITY_RULE: DecimalRule = { scale: 2, integerDigits: 7, allowZero: false, max: MAX_MOVEMENT_QUANTITY };

export class CreateTransactionDto {
  @ApiProperty({ enum: TransactionType, enumName: 'TransactionType', example: 'INBOUND' })
  @IsEnum(TransactionType, { message: 'type must be INBOUND or OUTBOUND' })
  type!: TransactionType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'warehouseId must be a UUID' })
  warehouseId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'itemId must be a UUID' })
  itemId!: string;

  @ApiProperty(decimalInputSchema(QUANTITY_RULE, '25.50'))
  @DecimalField(QUANTITY_RULE)
  quantity!: string;

  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true, example: 'PO-4711 received' })
  @OptionalNullable()
  @IsString()
  @MaxLength(1000)
  notes?: string | null;
}

export class ListTransactionsQuery extends LimitQuery {
  @ApiPropertyOptional({ enum: TransactionType, enumName: 'TransactionType' })
  @IsOptional()
  @IsEnum(TransactionType)
  type?: TransactionType;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() warehouseId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() itemId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'User who made the movement' }) @IsOptional() @IsUUID() createdBy?: string;
  @ApiPropertyOptional({ format: 'date-time', description: `Inclusive lower bound on createdAt, ${DATE_RANGE_TEXT}` })
  @IsOptional()
  @IsoDateTime()
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: `Exclusive upper bound on createdAt, ${DATE_RANGE_TEXT}` })
  @IsOptional()
  @IsoDateTime()
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not valid' })
  cursor?: string;
}

export class TransactionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: TransactionType, enumName: 'TransactionType' }) type!: TransactionType;
  @ApiProperty({ format: 'uuid' }) warehouseId!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '25.00' }) quantity!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '175.00', description: 'Stock of this warehouse and item right after the movement' })
  balanceAfter!: string;
  @ApiProperty({ nullable: true, type: String, maxLength: 1000 }) notes!: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class TransactionListEntry extends TransactionResponse {
  @ApiProperty({ maxLength: 100 }) warehouseName!: string;
  @ApiProperty({ maxLength: 50 }) itemSku!: string;
  @ApiProperty({ maxLength: 200 }) itemName!: string;
}

export class TransactionPage {
  @ApiProperty({ type: [TransactionListEntry], maxItems: 100 }) items!: TransactionListEntry[];
  @ApiProperty({ nullable: true, type: String, maxLength: 200, description: 'Pass as ?cursor= for the next page; null at the end' })
  nextCursor!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100 }) limit!: number;
}
