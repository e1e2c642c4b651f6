import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ToBoolean } from '@app/common/dto/transforms';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@app/common/dto/pagination.dto';
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
}

export class InventoryEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) warehouseId!: string;
  @ApiProperty({ maxLength: 100 }) warehouseName!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ maxLength: 50 }) itemSku!: string;
  @ApiProperty({ maxLength: 200 }) itemName!: string;
  @ApiProperty({ enum: UNITS_OF_MEASURE, enumName: 'UnitOfMeasure' }) unitOfMeasure!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '160.00' }) quantity!: string;
  @ApiProperty({ nullable: true, type: 'integer', minimum: 0 }) reorderThreshold!: number | null;
  @ApiProperty() lowStock!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastRestockedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}
