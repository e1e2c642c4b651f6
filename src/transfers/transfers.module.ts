import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger/ledger.module';
import { TransfersController } from './transfers.controller';
import { TransfersService } from './transfers.service';

/** Transfers between warehouses. No repository: the SQL is the ledger's (src/ledger). */
@Module({ imports: [LedgerModule], controllers: [TransfersController], providers: [TransfersService] })
export class TransfersModule {}
