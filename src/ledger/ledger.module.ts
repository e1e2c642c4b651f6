import { Module } from '@nestjs/common';
import { StockTransactions } from './stock-transactions';

/** The transaction runner shared by every multi-row stock operation. */
@Module({ providers: [StockTransactions], exports: [StockTransactions] })
export class LedgerModule {}
