import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Trim } from '@app/common/dto/transforms';
import { DECIMAL_RESPONSE, DecimalField, decimalInputSchema, type DecimalRule } from '@app/common/dto/decimal';
import { PageQuery } from '@app/common/dto/pagination.dto';
import { OptionalNotNull } from '@app/common/dto/optional';

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

export class ListWarehousesQuery extends PageQuery {
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
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}
