import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Trim } from '@app/common/dto/transforms';
import { DecimalField } from '@app/common/dto/decimal';
import { PageQuery } from '@app/common/dto/pagination.dto';

export class CreateWarehouseDto {
  @ApiProperty({ minLength: 2, maxLength: 100, example: 'Main Warehouse' })
  @Trim()
  @IsString()
  @Length(2, 100)
  name!: string;

  @ApiProperty({ minLength: 2, maxLength: 200, example: 'Seoul' })
  @Trim()
  @IsString()
  @Length(2, 200)
  location!: string;

  @ApiProperty({ description: 'Cubic metres; positive, at most 2 decimal places', example: '1000.50', type: String })
  @DecimalField({ scale: 2, integerDigits: 10, allowZero: false })
  capacity!: string;
}

export class UpdateWarehouseDto extends PartialType(CreateWarehouseDto) {}

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
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}
