import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Trim } from '@app/common/dto/transforms';
import { DecimalField } from '@app/common/dto/decimal';
import { PageQuery } from '@app/common/dto/pagination.dto';
import { OptionalNotNull } from '@app/common/dto/optional';

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

export class ListWarehousesQuery extends PageQuery {
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
  @ApiProperty({ type: String, example: '4125.50', description: 'Σ quantity × item average cost, rounded once to 2 decimals (company currency)' })
  value!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}
