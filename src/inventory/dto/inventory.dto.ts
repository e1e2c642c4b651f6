import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsoDateTime, DATE_RANGE_TEXT } from '@app/common/dto/dates';
import { ToBoolean } from '@app/common/dto/transforms';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { MAX_LIMIT, PageQuery } from '@app/common/dto/pagination.dto';
import { DECIMAL_RESPONSE } from '@app/common/dto/decimal';
import { UNITS_OF_MEASURE } from '@app/items/dto/item.dto';
import { SortParam } from '@app/common/dto/sort';

export const INVENTORY_SORT_FIELDS = ['updatedAt', 'lastRestockedAt', 'quantity', 'warehouseName', 'itemSku', 'itemName'] as const;
export type InventorySortField = (typeof INVENTORY_SORT_FIELDS)[number];
/** Stock rows have no creation time of their own: newest first means most recently changed first. */
export const INVENTORY_DEFAULT_SORT = '-updatedAt';

export class ListInventoryQuery extends PageQuery {
  @SortParam(INVENTORY_SORT_FIELDS, INVENTORY_DEFAULT_SORT) sort?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() warehouseId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() itemId?: string;

  @ApiPropertyOptional({ type: Boolean, description: "Only rows at or below the item's reorder threshold" })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  lowStock?: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: `Stock as it was at this instant, from the ledger (${DATE_RANGE_TEXT}): per row the last balance at or before it; rows with no movement by then are left out; reserved/available are null (reservations are not historical) and total is null`,
  })
  @IsOptional()
  @IsoDateTime()
  asOf?: string;
}

export class InventoryEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) warehouseId!: string;
  @ApiProperty({ maxLength: 100 }) warehouseName!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ maxLength: 50 }) itemSku!: string;
  @ApiProperty({ maxLength: 200 }) itemName!: string;
  @ApiProperty({ enum: UNITS_OF_MEASURE, enumName: 'UnitOfMeasure' }) unitOfMeasure!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '160.00', description: 'On hand' }) quantity!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, nullable: true, example: '20.00', description: 'Held by active reservations (null with asOf)' })
  reserved!: string | null;
  @ApiProperty({
    ...DECIMAL_RESPONSE,
    nullable: true,
    example: '140.00',
    description: 'quantity − reserved: what OUTBOUND, transfers and reservations may take (null with asOf)',
  })
  available!: string | null;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '1975.20', description: 'quantity × item average cost, rounded to 2 decimals (company currency)' })
  value!: string;
  @ApiProperty({ nullable: true, type: 'integer', minimum: 0 }) reorderThreshold!: number | null;
  @ApiProperty() lowStock!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'null with asOf' }) lastRestockedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'With asOf: the time of the movement that set the balance' })
  updatedAt!: Date;
}

export class InventoryPage {
  @ApiProperty({ type: [InventoryEntry], maxItems: MAX_LIMIT }) items!: InventoryEntry[];
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000, example: 1 }) page!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, example: 20 }) limit!: number;
  @ApiProperty({ type: 'integer', minimum: 0, nullable: true, description: 'null with asOf (counting would read the history of every row)' })
  total!: number | null;
  @ApiProperty({ description: 'Whether a next page exists' }) hasNext!: boolean;
}

export class ReorderSuggestionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only stock in this warehouse counts' }) @IsOptional() @IsUUID() warehouseId?: string;
}

export class ReorderSuggestion {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ maxLength: 50 }) sku!: string;
  @ApiProperty({ maxLength: 200 }) name!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) reorderThreshold!: number;
  @ApiProperty({ ...DECIMAL_RESPONSE, nullable: true }) reorderQuantity!: string | null;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '12.00', description: 'Σ on hand over active warehouses' }) onHand!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '4.00' }) reserved!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '8.00', description: 'onHand − reserved: at or below reorderThreshold' }) available!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '32.00', description: 'reorderQuantity if set, else reorderThreshold × 2 − available' })
  suggestedQuantity!: string;
}

export class ReorderSuggestionPage {
  @ApiProperty({ type: [ReorderSuggestion], maxItems: MAX_LIMIT }) items!: ReorderSuggestion[];
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000 }) page!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_LIMIT }) limit!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
  @ApiProperty() hasNext!: boolean;
}
