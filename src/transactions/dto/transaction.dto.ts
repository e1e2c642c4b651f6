import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, IsIn } from 'class-validator';
import { TransactionType, AdjustmentReason } from '@app/generated/prisma/client';
import { DECIMAL_RESPONSE, DecimalField, decimalInputSchema, type DecimalRule } from '@app/common/dto/decimal';
import { LimitQuery } from '@app/common/dto/pagination.dto';
import { OptionalNullable } from '@app/common/dto/optional';
import { DATE_RANGE_TEXT, IsoDateTime } from '@app/common/dto/dates';

/** Largest quantity one movement may carry (documented in docs/api.md). */
export const MAX_MOVEMENT_QUANTITY = '1000000';

/** A movement quantity: positive, at most 2 decimals, at most MAX_MOVEMENT_QUANTITY (every stock operation uses it). */
export const MOVEMENT_QUANTITY_RULE: DecimalRule = { scale: 2, integerDigits: 7, allowZero: false, max: MAX_MOVEMENT_QUANTITY };
const QUANTITY_RULE = MOVEMENT_QUANTITY_RULE;

/** The movements POST /transactions records; the other ledger types have their own routes. */
export const DIRECT_MOVEMENT_TYPES = ['INBOUND', 'OUTBOUND'] as const;
export type DirectMovementType = (typeof DIRECT_MOVEMENT_TYPES)[number];

/** Unit costs: at least 0, at most 4 decimal places (numeric(14,4)). */
export const UNIT_COST_RULE: DecimalRule = { scale: 4, integerDigits: 10, allowZero: true };
export const UnitCostField = (): PropertyDecorator => DecimalField(UNIT_COST_RULE);

export class CreateTransactionDto {
  @ApiProperty({ enum: DIRECT_MOVEMENT_TYPES, enumName: 'DirectMovementType', example: 'INBOUND' })
  @IsIn(DIRECT_MOVEMENT_TYPES, { message: 'type must be INBOUND or OUTBOUND' })
  type!: DirectMovementType;

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

  @ApiPropertyOptional({
    ...decimalInputSchema(UNIT_COST_RULE, '12.5000'),
    nullable: true,
    description:
      'INBOUND only: cost of one unit in the company currency, ≥ 0, at most 4 decimals. Without it the stock enters at the current average cost.',
  })
  @OptionalNullable()
  @UnitCostField()
  unitCost?: string | null;
}

export class ListTransactionsQuery extends LimitQuery {
  @ApiPropertyOptional({ enum: TransactionType, enumName: 'TransactionType' })
  @IsOptional()
  @IsEnum(TransactionType)
  type?: TransactionType;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() warehouseId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() itemId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'User who made the movement' }) @IsOptional() @IsUUID() createdBy?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Movements of this receipt or shipment' })
  @IsOptional()
  @IsUUID()
  documentId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Movements of the receipts from this supplier' })
  @IsOptional()
  @IsUUID()
  supplierId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Movements of the shipments to this customer' })
  @IsOptional()
  @IsUUID()
  customerId?: string;
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
  @ApiProperty({
    ...DECIMAL_RESPONSE,
    nullable: true,
    example: '12.5000',
    description: 'INBOUND: the cost given (null: entered at the average); outgoing movements: the average cost they left at',
  })
  unitCost!: string | null;
  @ApiProperty({ nullable: true, enum: AdjustmentReason, description: 'ADJUSTMENT only' }) reason!: AdjustmentReason | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Both legs of a transfer share it' }) transferId!:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The reservation a fulfilment shipped' })
  reservationId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The cycle count that posted this adjustment' })
  stockCountId!: string | null;
}

export class TransactionListEntry extends TransactionResponse {
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The receipt or shipment that posted it' })
  documentId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Receipt movements: the supplier' }) supplierId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Shipment movements: the customer' }) customerId!:
    string | null;
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
