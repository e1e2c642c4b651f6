import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_LIMIT } from '@app/common/dto/pagination.dto';
import { TransactionListEntry } from '@app/transactions/dto/transaction.dto';

export class RecentQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit: number = 10;
}

export class LowStockQuery extends RecentQuery {
  override limit: number = 20;
}

export class BusyWarehouse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, example: '85.20' }) utilization!: string;
}

export class DashboardStats {
  @ApiProperty() warehouseCount!: number;
  @ApiProperty() itemCount!: number;
  @ApiProperty({ type: String, example: '12500.00' }) totalQuantity!: string;
  @ApiProperty({
    type: String,
    example: '48210.75',
    description: 'Total inventory value: Σ quantity × item average cost over active warehouses and items, rounded once to 2 decimals',
  })
  totalValue!: string;
  @ApiProperty({ example: 'USD', description: 'ISO 4217 currency of totalValue' }) currency!: string;
  @ApiProperty({ description: 'Items at or below their reorder threshold' }) lowStockCount!: number;
  @ApiProperty({ description: 'Warehouses above 80 % utilization' }) warehousesOverUtilizationThreshold!: number;
  @ApiProperty({ type: [BusyWarehouse] }) busyWarehouses!: BusyWarehouse[];
}

export class LowStockItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() name!: string;
  @ApiProperty() reorderThreshold!: number;
  @ApiProperty({ type: String }) totalQuantity!: string;
}

export class LowStockList {
  @ApiProperty({ type: [LowStockItem] }) items!: LowStockItem[];
  @ApiProperty() total!: number;
}

export class RecentTransactions {
  @ApiProperty({ type: [TransactionListEntry] }) items!: TransactionListEntry[];
}
