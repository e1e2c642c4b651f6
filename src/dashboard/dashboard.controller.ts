import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { Auth } from '@app/common/decorators/auth.decorators';
import { TransactionHistoryService } from '@app/transactions/transaction-history.service';
import { DashboardRepository } from './dashboard.repository';
import { DashboardStats, LowStockList, LowStockQuery, RecentQuery, RecentTransactions } from './dto/dashboard.dto';

@ApiTags('dashboard')
@Controller('dashboard')
@Auth()
@ReadsFromReplica()
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly transactions: TransactionHistoryService,
  ) {}

  @Get('stats')
  @ApiOkResponse({ type: DashboardStats })
  stats(): Promise<DashboardStats> {
    return this.dashboard.stats();
  }

  @Get('recent-transactions')
  @ApiOkResponse({ type: RecentTransactions })
  async recent(@Query() query: RecentQuery): Promise<RecentTransactions> {
    const page = await this.transactions.history({ limit: query.limit });
    return { items: page.items };
  }

  @Get('low-stock')
  @ApiOkResponse({ type: LowStockList })
  lowStock(@Query() query: LowStockQuery): Promise<LowStockList> {
    return this.dashboard.lowStock(query.limit);
  }
}
