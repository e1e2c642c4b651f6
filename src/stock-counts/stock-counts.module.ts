import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger/ledger.module';
import { StockCountsController } from './stock-counts.controller';
import { StockCountsRepository } from './stock-counts.repository';
import { StockCountsService } from './stock-counts.service';

@Module({ imports: [LedgerModule], controllers: [StockCountsController], providers: [StockCountsService, StockCountsRepository] })
export class StockCountsModule {}
