import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { ToBoolean, Trim } from '@app/common/dto/transforms';
import { DecimalField } from '@app/common/dto/decimal';
import { PageQuery } from '@app/common/dto/pagination.dto';

/** Standard unit-of-measure codes accepted for items. */
export const UNITS_OF_MEASURE = [
  'EA',
  'PCS',
  'KG',
  'G',
  'LB',
  'LITER',
  'ML',
  'METER',
  'CM',
  'MM',
  'M2',
  'M3',
  'BOX',
  'CASE',
  'PACK',
  'PALLET',
  'ROLL',
  'SET',
  'PAIR',
  'DOZEN',
] as const;

export class CreateItemDto {
  @ApiProperty({ example: 'ITEM-003', description: '2-50 letters, digits and hyphens; unique within the company' })
  @Trim()
  @IsString()
  @Length(2, 50)
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'sku may contain only letters, digits and hyphens' })
  sku!: string;

  @ApiProperty({ minLength: 2, maxLength: 200 })
  @Trim()
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiPropertyOptional({ minLength: 2, maxLength: 50, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Trim()
  @IsString()
  @Length(2, 50)
  category?: string | null;

  @ApiProperty({ enum: UNITS_OF_MEASURE })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsIn(UNITS_OF_MEASURE, { message: `unitOfMeasure must be one of ${UNITS_OF_MEASURE.join(', ')}` })
  unitOfMeasure!: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ minimum: 0, nullable: true, description: 'Low-stock alert when total quantity ≤ this' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  reorderThreshold?: number | null;

  @ApiPropertyOptional({ type: String, example: '0.25', nullable: true, description: 'Cubic metres per unit (≤ 4 decimals)' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @DecimalField({ scale: 4, integerDigits: 8, allowZero: true })
  volumePerUnit?: string | null;
}

export class UpdateItemDto extends PartialType(CreateItemDto) {}

export class ListItemsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @MaxLength(50) category?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive match on name or SKU' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ description: 'Only items at or below their reorder threshold' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  lowStock?: boolean;
}

export class ItemResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) category!: string | null;
  @ApiProperty() unitOfMeasure!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: Number }) reorderThreshold!: number | null;
  @ApiProperty({ nullable: true, type: String }) volumePerUnit!: string | null;
  @ApiProperty({ type: String, example: '120.00' }) totalQuantity!: string;
  @ApiProperty({ description: 'Warehouses holding stock of this item' }) warehouseCount!: number;
  @ApiProperty() lowStockWarning!: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}
