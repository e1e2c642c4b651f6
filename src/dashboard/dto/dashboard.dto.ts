import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_LIMIT } from '@app/common/dto/pagination.dto';
import { DECIMAL_RESPONSE } from '@app/common/dto/decimal';
import { TransactionListEntry } from '@app/transactions/dto/transaction.dto';

export class RecentQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 10 })
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
  @ApiProperty({ maxLength: 100 }) name!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '85.20' }) utilization!: string;
}

export class DashboardStats {
  @ApiProperty({ type: 'integer', minimum: 0 }) warehouseCount!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) itemCount!: number;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '12500.00' }) totalQuantity!: string;
  @ApiProperty({
    ...DECIMAL_RESPONSE,
    example: '48210.75',
    description: 'Total inventory value: Σ quantity × item average cost over active warehouses and items, rounded once to 2 decimals',
  })
  totalValue!: string;
  @ApiProperty({ example: 'USD', minLength: 3, maxLength: 3, description: 'ISO 4217 currency of totalValue' }) currency!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Items at or below their reorder threshold' }) lowStockCount!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Warehouses above 80 % utilization' })
  warehousesOverUtilizationThreshold!: number;
  @ApiProperty({ type: [BusyWarehouse], maxItems: 100 }) busyWarehouses!: BusyWarehouse[];
}

export class LowStockItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 50 }) sku!: string;
  @ApiProperty({ maxLength: 200 }) name!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) reorderThreshold!: number;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '3.00' }) totalQuantity!: string;
}

export class LowStockList {
  @ApiProperty({ type: [LowStockItem], maxItems: 100 }) items!: LowStockItem[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
}

export class RecentTransactions {
  @ApiProperty({ type: [TransactionListEntry], maxItems: 100 }) items!: TransactionListEntry[];
}
