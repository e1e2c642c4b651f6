import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ToBoolean } from '@app/common/dto/transforms';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@app/common/dto/pagination.dto';

export class ListInventoryQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() warehouseId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() itemId?: string;

  @ApiPropertyOptional({ description: "Only rows at or below the item's reorder threshold" })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  lowStock?: boolean;
}

export class InventoryEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) warehouseId!: string;
  @ApiProperty() warehouseName!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() itemSku!: string;
  @ApiProperty() itemName!: string;
  @ApiProperty() unitOfMeasure!: string;
  @ApiProperty({ type: String, example: '160.00', description: 'On hand' }) quantity!: string;
  @ApiProperty({ type: String, example: '20.00', description: 'Held by active reservations' }) reserved!: string;
  @ApiProperty({ type: String, example: '140.00', description: 'quantity − reserved: what OUTBOUND, transfers and reservations may take' })
  available!: string;
  @ApiProperty({ type: String, example: '1975.20', description: 'quantity × item average cost, rounded to 2 decimals (company currency)' })
  value!: string;
  @ApiProperty({ nullable: true, type: Number }) reorderThreshold!: number | null;
  @ApiProperty() lowStock!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastRestockedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}
