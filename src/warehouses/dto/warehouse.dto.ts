import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Trim } from '@app/common/dto/transforms';
import { DECIMAL_RESPONSE, DecimalField, decimalInputSchema, type DecimalRule } from '@app/common/dto/decimal';
import { PageQuery } from '@app/common/dto/pagination.dto';
import { OptionalNotNull } from '@app/common/dto/optional';
import { SortParam } from '@app/common/dto/sort';
import { InventoryEntry } from '@app/inventory/dto/inventory.dto';

const Name = (): PropertyDecorator => applyDecorators(Trim(), IsString(), Length(2, 100));
const Location = (): PropertyDecorator => applyDecorators(Trim(), IsString(), Length(2, 200));
const CAPACITY_RULE: DecimalRule = { scale: 2, integerDigits: 10, allowZero: false };
const Capacity = (): PropertyDecorator => DecimalField(CAPACITY_RULE);
const CAPACITY_DOC = 'Cubic metres; positive, at most 2 decimal places';

export class CreateWarehouseDto {
  @ApiProperty({ minLength: 2, maxLength: 100, example: 'Main Warehouse' }) @Name() name!: string;
  @ApiProperty({ minLength: 2, maxLength: 200, example: 'Seoul' }) @Location() location!: string;
  @ApiProperty({ ...decimalInputSchema(CAPACITY_RULE, '1000.50'), description: CAPACITY_DOC }) @Capacity() capacity!: string;
}

/** Every field optional, none nullable. */
export class UpdateWarehouseDto {
  @ApiPropertyOptional({ minLength: 2, maxLength: 100, example: 'Main Warehouse' }) @OptionalNotNull() @Name() name?: string;
  @ApiPropertyOptional({ minLength: 2, maxLength: 200, example: 'Seoul' }) @OptionalNotNull() @Location() location?: string;
  @ApiPropertyOptional({ ...decimalInputSchema(CAPACITY_RULE, '1000.50'), description: CAPACITY_DOC })
  @OptionalNotNull()
  @Capacity()
  capacity?: string;
}

export const WAREHOUSE_SORT_FIELDS = [
  'createdAt',
  'updatedAt',
  'name',
  'location',
  'capacity',
  'currentUtilization',
  'itemCount',
  'totalQuantity',
] as const;
export type WarehouseSortField = (typeof WAREHOUSE_SORT_FIELDS)[number];

export class ListWarehousesQuery extends PageQuery {
  @SortParam(WAREHOUSE_SORT_FIELDS) sort?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive match on name or location', maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class WarehouseResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 100 }) name!: string;
  @ApiProperty({ maxLength: 200 }) location!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '1000.00' }) capacity!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '42.50', description: 'Percent of capacity used: Σ quantity × item volume / capacity' })
  currentUtilization!: string;
  @ApiProperty({ description: 'Utilization above 80 %' }) capacityWarning!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Distinct items with stock' }) itemCount!: number;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '230.00' }) totalQuantity!: string;
  @ApiProperty({
    ...DECIMAL_RESPONSE,
    example: '4125.50',
    description: 'Σ quantity × item average cost, rounded once to 2 decimals (company currency)',
  })
  value!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}

/** How many stock rows `?include=inventory` embeds; the rest are paged through `GET /api/v1/inventory?warehouseId=`. */
export const EMBEDDED_INVENTORY_LIMIT = 100;

export class GetWarehouseQuery {
  @ApiPropertyOptional({
    enum: ['inventory'],
    description:
      `\`inventory\` embeds the warehouse's stock rows (items not deleted), most recently changed first, at most ` +
      `${EMBEDDED_INVENTORY_LIMIT}; page through all of them with GET /api/v1/inventory?warehouseId=<id>`,
  })
  @IsOptional()
  @IsIn(['inventory'], { message: 'include must be "inventory"' })
  include?: 'inventory';
}

export class WarehouseInventory {
  @ApiProperty({ type: [InventoryEntry], maxItems: EMBEDDED_INVENTORY_LIMIT }) items!: InventoryEntry[];
  @ApiProperty({ description: 'Stock rows of this warehouse in all' }) total!: number;
  @ApiProperty({ description: 'More rows than embedded: page through `link`' }) hasNext!: boolean;
  @ApiProperty({ example: '/api/v1/inventory?warehouseId=5f0c…', description: 'The full, paged list of these rows', maxLength: 200 })
  link!: string;
}

export class WarehouseDetailResponse extends WarehouseResponse {
  @ApiPropertyOptional({ type: WarehouseInventory, description: 'Only with ?include=inventory' }) inventory?: WarehouseInventory;
}
