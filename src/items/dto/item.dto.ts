import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ToBoolean, Trim } from '@app/common/dto/transforms';
import { DECIMAL_RESPONSE, DecimalField, decimalInputSchema, type DecimalRule } from '@app/common/dto/decimal';
import { PageQuery } from '@app/common/dto/pagination.dto';
import { OptionalNotNull, OptionalNullable } from '@app/common/dto/optional';
import { SortParam } from '@app/common/dto/sort';

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

/** What each unit-of-measure code means (GET /api/v1/units). */
export const UNIT_NAMES: Record<(typeof UNITS_OF_MEASURE)[number], string> = {
  EA: 'Each',
  PCS: 'Pieces',
  KG: 'Kilogram',
  G: 'Gram',
  LB: 'Pound',
  LITER: 'Litre',
  ML: 'Millilitre',
  METER: 'Metre',
  CM: 'Centimetre',
  MM: 'Millimetre',
  M2: 'Square metre',
  M3: 'Cubic metre',
  BOX: 'Box',
  CASE: 'Case',
  PACK: 'Pack',
  PALLET: 'Pallet',
  ROLL: 'Roll',
  SET: 'Set',
  PAIR: 'Pair',
  DOZEN: 'Dozen',
};

export const ITEM_SORT_FIELDS = ['createdAt', 'updatedAt', 'sku', 'name', 'category', 'totalQuantity'] as const;
export type ItemSortField = (typeof ITEM_SORT_FIELDS)[number];

const Sku = (): PropertyDecorator =>
  applyDecorators(
    Trim(),
    IsString(),
    Length(2, 50),
    Matches(/^[A-Za-z0-9-]+$/, { message: 'sku may contain only letters, digits and hyphens' }),
  );
const Name = (): PropertyDecorator => applyDecorators(Trim(), IsString(), Length(2, 200));
const Category = (): PropertyDecorator => applyDecorators(Trim(), IsString(), Length(2, 50));
const UnitOfMeasure = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value)),
    IsIn(UNITS_OF_MEASURE, { message: `unitOfMeasure must be one of ${UNITS_OF_MEASURE.join(', ')}` }),
  );
const Description = (): PropertyDecorator => applyDecorators(IsString(), MaxLength(2000));
const ReorderThreshold = (): PropertyDecorator => applyDecorators(IsInt(), Min(0), Max(1_000_000_000));
const VOLUME_RULE: DecimalRule = { scale: 4, integerDigits: 8, allowZero: true };
const VolumePerUnit = (): PropertyDecorator => DecimalField(VOLUME_RULE);
const REORDER_QUANTITY_RULE: DecimalRule = { scale: 2, integerDigits: 10, allowZero: false };
const ReorderQuantity = (): PropertyDecorator => DecimalField(REORDER_QUANTITY_RULE);

const DOC = {
  sku: {
    example: 'ITEM-003',
    minLength: 2,
    maxLength: 50,
    pattern: '^\\s*[A-Za-z0-9-]+\\s*$',
    description: '2-50 letters, digits and hyphens; unique within the company ignoring case (kept as entered)',
  },
  name: { minLength: 2, maxLength: 200, example: 'Hex bolt M8' },
  category: { minLength: 2, maxLength: 50, nullable: true, type: String, example: 'Parts', description: 'null clears it' },
  unitOfMeasure: { enum: UNITS_OF_MEASURE, enumName: 'UnitOfMeasure', example: 'EA' },
  description: { maxLength: 2000, nullable: true, type: String, example: 'Zinc-plated, 8 mm', description: 'null clears it' },
  reorderThreshold: {
    type: 'integer',
    minimum: 0,
    maximum: 1_000_000_000,
    nullable: true,
    example: 10,
    description: 'Low-stock alert when total quantity ≤ this; null clears it',
  },
  volumePerUnit: {
    ...decimalInputSchema(VOLUME_RULE, '0.25'),
    nullable: true,
    description: 'Cubic metres per unit (≤ 4 decimals, string or number); null clears it',
  },
  reorderQuantity: {
    ...decimalInputSchema(REORDER_QUANTITY_RULE, '50'),
    nullable: true,
    description: 'Quantity to reorder (reorder suggestions); > 0, ≤ 2 decimals; null clears it (then threshold × 2 − available)',
  },
} as const;

export class CreateItemDto {
  @ApiProperty(DOC.sku) @Sku() sku!: string;
  @ApiProperty(DOC.name) @Name() name!: string;
  @ApiPropertyOptional(DOC.category) @OptionalNullable() @Category() category?: string | null;
  @ApiProperty(DOC.unitOfMeasure) @UnitOfMeasure() unitOfMeasure!: string;
  @ApiPropertyOptional(DOC.description) @OptionalNullable() @Description() description?: string | null;
  @ApiPropertyOptional(DOC.reorderThreshold) @OptionalNullable() @ReorderThreshold() reorderThreshold?: number | null;
  @ApiPropertyOptional(DOC.volumePerUnit) @OptionalNullable() @VolumePerUnit() volumePerUnit?: string | null;
  @ApiPropertyOptional(DOC.reorderQuantity) @OptionalNullable() @ReorderQuantity() reorderQuantity?: string | null;
}

/** Every field optional; sku, name and unitOfMeasure cannot be null, the others are cleared by null. */
export class UpdateItemDto {
  @ApiPropertyOptional(DOC.sku) @OptionalNotNull() @Sku() sku?: string;
  @ApiPropertyOptional(DOC.name) @OptionalNotNull() @Name() name?: string;
  @ApiPropertyOptional(DOC.category) @OptionalNullable() @Category() category?: string | null;
  @ApiPropertyOptional(DOC.unitOfMeasure) @OptionalNotNull() @UnitOfMeasure() unitOfMeasure?: string;
  @ApiPropertyOptional(DOC.description) @OptionalNullable() @Description() description?: string | null;
  @ApiPropertyOptional(DOC.reorderThreshold) @OptionalNullable() @ReorderThreshold() reorderThreshold?: number | null;
  @ApiPropertyOptional(DOC.volumePerUnit) @OptionalNullable() @VolumePerUnit() volumePerUnit?: string | null;
  @ApiPropertyOptional(DOC.reorderQuantity) @OptionalNullable() @ReorderQuantity() reorderQuantity?: string | null;
}

export class ListItemsQuery extends PageQuery {
  @SortParam(ITEM_SORT_FIELDS) sort?: string;

  @ApiPropertyOptional({ maxLength: 50 }) @IsOptional() @Trim() @IsString() @MaxLength(50) category?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive match on name or SKU', maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Only items at or below their reorder threshold' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  lowStock?: boolean;
}

export class ItemResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 50, example: 'ITEM-003' }) sku!: string;
  @ApiProperty({ maxLength: 200, example: 'Hex bolt M8' }) name!: string;
  @ApiProperty({ nullable: true, type: String, maxLength: 50 }) category!: string | null;
  @ApiProperty({ enum: UNITS_OF_MEASURE, enumName: 'UnitOfMeasure' }) unitOfMeasure!: string;
  @ApiProperty({ nullable: true, type: String, maxLength: 2000 }) description!: string | null;
  @ApiProperty({ nullable: true, type: 'integer', minimum: 0 }) reorderThreshold!: number | null;
  @ApiProperty({ ...DECIMAL_RESPONSE, nullable: true, example: '0.2500' }) volumePerUnit!: string | null;
  @ApiProperty({ ...DECIMAL_RESPONSE, nullable: true, example: '50.00' }) reorderQuantity!: string | null;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '120.00' }) totalQuantity!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '12.345000', description: 'Moving-average unit cost across the company (6 decimals)' })
  averageCost!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '1481.40', description: 'totalQuantity × averageCost, rounded to 2 decimals' }) value!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Warehouses holding stock of this item' }) warehouseCount!: number;
  @ApiProperty() lowStockWarning!: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}

/** The categories list is not paged: it answers at most this many. */
export const MAX_CATEGORIES = 1000;

export class CategoryCount {
  @ApiProperty({ example: 'Electronics', maxLength: 50 }) category!: string;
  @ApiProperty({ description: 'Items (not deleted) in this category' }) itemCount!: number;
}

export class CategoryList {
  @ApiProperty({
    type: [CategoryCount],
    maxItems: MAX_CATEGORIES,
    description: `Every category in use (at most ${MAX_CATEGORIES}), alphabetical; items without one are not counted`,
  })
  items!: CategoryCount[];
}

export class UnitOfMeasureEntry {
  @ApiProperty({ enum: UNITS_OF_MEASURE }) code!: string;
  @ApiProperty({ example: 'Each', maxLength: 50 }) name!: string;
}

export class UnitList {
  @ApiProperty({ type: [UnitOfMeasureEntry], maxItems: UNITS_OF_MEASURE.length }) items!: UnitOfMeasureEntry[];
}
