import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Trim } from '@app/common/dto/transforms';
import { DecimalField } from '@app/common/dto/decimal';
import { PageQuery } from '@app/common/dto/pagination.dto';
import { OptionalNotNull } from '@app/common/dto/optional';
import { SortParam } from '@app/common/dto/sort';
import { InventoryEntry } from '@app/inventory/dto/inventory.dto';

const Name = (): PropertyDecorator => applyDecorators(Trim(), IsString(), Length(2, 100));
const Location = (): PropertyDecorator => applyDecorators(Trim(), IsString(), Length(2, 200));
const Capacity = (): PropertyDecorator => DecimalField({ scale: 2, integerDigits: 10, allowZero: false });
const CAPACITY_DOC = 'Cubic metres; positive, at most 2 decimal places';

export class CreateWarehouseDto {
  @ApiProperty({ minLength: 2, maxLength: 100, example: 'Main Warehouse' }) @Name() name!: string;
  @ApiProperty({ minLength: 2, maxLength: 200, example: 'Seoul' }) @Location() location!: string;
  @ApiProperty({ description: CAPACITY_DOC, example: '1000.50', type: String }) @Capacity() capacity!: string;
}

/** Every field optional, none nullable. */
export class UpdateWarehouseDto {
  @ApiPropertyOptional({ minLength: 2, maxLength: 100 }) @OptionalNotNull() @Name() name?: string;
  @ApiPropertyOptional({ minLength: 2, maxLength: 200 }) @OptionalNotNull() @Location() location?: string;
  @ApiPropertyOptional({ description: CAPACITY_DOC, example: '1000.50', type: String }) @OptionalNotNull() @Capacity() capacity?: string;
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

  @ApiPropertyOptional({ description: 'Case-insensitive match on name or location' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class WarehouseResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() location!: string;
  @ApiProperty({ type: String, example: '1000.00' }) capacity!: string;
  @ApiProperty({ type: String, example: '42.50', description: 'Percent of capacity used: Σ quantity × item volume / capacity' })
  currentUtilization!: string;
  @ApiProperty({ description: 'Utilization above 80 %' }) capacityWarning!: boolean;
  @ApiProperty({ description: 'Distinct items with stock' }) itemCount!: number;
  @ApiProperty({ type: String, example: '230.00' }) totalQuantity!: string;
  @ApiProperty({
    type: String,
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
  @ApiProperty({ type: [InventoryEntry] }) items!: InventoryEntry[];
  @ApiProperty({ description: 'Stock rows of this warehouse in all' }) total!: number;
  @ApiProperty({ description: 'More rows than embedded: page through `link`' }) hasNext!: boolean;
  @ApiProperty({ example: '/api/v1/inventory?warehouseId=5f0c…', description: 'The full, paged list of these rows' }) link!: string;
}

export class WarehouseDetailResponse extends WarehouseResponse {
  @ApiPropertyOptional({ type: WarehouseInventory, description: 'Only with ?include=inventory' }) inventory?: WarehouseInventory;
}
