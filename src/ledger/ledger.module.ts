import { Module } from '@nestjs/common';
import { TenantTransactions } from '@app/database/tenant-transaction';
import { StockTransactions } from './stock-transactions';

/** The transaction runner shared by every multi-row stock operation. */
@Module({ providers: [StockTransactions, TenantTransactions], exports: [StockTransactions] })
export class LedgerModule {}
