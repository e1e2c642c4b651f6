import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { StockCountStatus } from '@app/generated/prisma/client';
import { DECIMAL_RESPONSE, DecimalField, decimalInputSchema, type DecimalRule } from '@app/common/dto/decimal';
import { OptionalNullable } from '@app/common/dto/optional';
import { MAX_LIMIT, PageQuery } from '@app/common/dto/pagination.dto';

export const MAX_COUNT_LINES = 1000;
// At most 10 integer digits: the difference a line posts is a ledger quantity (numeric(12,2)); a larger count
// was accepted here and then refused only when the count was posted (422 NUMERIC_OUT_OF_RANGE).
const COUNTED_RULE: DecimalRule = { scale: 2, integerDigits: 10, allowZero: true };

export class OpenStockCountDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'warehouseId must be a UUID' }) warehouseId!: string;
  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true, example: 'Quarterly count, aisle 3' })
  @OptionalNullable()
  @IsString()
  @MaxLength(1000)
  notes?: string | null;
}

export class CountLineInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'itemId must be a UUID' }) itemId!: string;
  @ApiProperty(decimalInputSchema(COUNTED_RULE, '41.00'))
  @DecimalField(COUNTED_RULE)
  countedQuantity!: string;
}

export class RecordLinesDto {
  @ApiProperty({
    type: [CountLineInput],
    minItems: 1,
    maxItems: MAX_COUNT_LINES,
    description: `1-${MAX_COUNT_LINES} lines, each item once`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_COUNT_LINES)
  @ValidateNested({ each: true })
  @Type(() => CountLineInput)
  lines!: CountLineInput[];
}

export class ListStockCountsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: StockCountStatus }) @IsOptional() @IsEnum(StockCountStatus) status?: StockCountStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() warehouseId?: string;
}

export class StockCountLine {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '41.00' }) countedQuantity!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '44.00', description: 'On hand when the line was (last) recorded' })
  expectedQuantity!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '-3.00', description: 'countedQuantity − expectedQuantity: what posting applies' })
  variance!: string;
  @ApiProperty({ format: 'uuid' }) countedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}

export class StockCountResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) warehouseId!: string;
  @ApiProperty({ enum: StockCountStatus }) status!: StockCountStatus;
  @ApiProperty({ type: String, nullable: true, maxLength: 1000 }) notes!: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) postedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt!: string | null;
  @ApiProperty({ type: [StockCountLine], maxItems: MAX_COUNT_LINES }) lines!: StockCountLine[];
}

export class StockCountPage {
  @ApiProperty({ type: [StockCountResponse], maxItems: MAX_LIMIT }) items!: StockCountResponse[];
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000 }) page!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_LIMIT }) limit!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
  @ApiProperty() hasNext!: boolean;
}
