import { Module } from '@nestjs/common';
import { TransactionsModule } from '@app/transactions/transactions.module';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';

@Module({ imports: [TransactionsModule], controllers: [DashboardController], providers: [DashboardRepository] })
export class DashboardModule {}
