import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger/ledger.module';
import { AdjustmentsController } from './adjustments.controller';
import { AdjustmentsService } from './adjustments.service';

/** Stock adjustments with reason codes. No repository: the SQL is the ledger's (src/ledger). */
@Module({ imports: [LedgerModule], controllers: [AdjustmentsController], providers: [AdjustmentsService] })
export class AdjustmentsModule {}
