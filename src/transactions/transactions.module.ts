import { Module } from '@nestjs/common';
import { TransactionsController } from './transactions.controller';
import { TransactionsRepository } from './transactions.repository';
import { MovementsService } from './movements.service';
import { TransactionHistoryService } from './transaction-history.service';

@Module({
  controllers: [TransactionsController],
  providers: [MovementsService, TransactionHistoryService, TransactionsRepository],
  exports: [TransactionHistoryService],
})
export class TransactionsModule {}
