import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger/ledger.module';
import { DocumentDrafts } from './document-drafts';
import { DocumentsRepository } from './documents.repository';
import { ReceiptsController } from './receipts.controller';
import { ReceiptsService } from './receipts.service';
import { ShipmentsController } from './shipments.controller';
import { ShipmentsService } from './shipments.service';

/** Receipts and shipments: documents of lines posted to the ledger all at once. */
@Module({
  imports: [LedgerModule],
  controllers: [ReceiptsController, ShipmentsController],
  providers: [ReceiptsService, ShipmentsService, DocumentDrafts, DocumentsRepository],
})
export class DocumentsModule {}
