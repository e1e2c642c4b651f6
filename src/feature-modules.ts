import { AdjustmentsModule } from './adjustments/adjustments.module';
import { ImportsModule } from './imports/imports.module';
import { ExportsModule } from './exports/exports.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { AuditModule } from './audit/audit.module';
import { CompaniesModule } from './companies/companies.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DocumentsModule } from './documents/documents.module';
import { InventoryModule } from './inventory/inventory.module';
import { ItemsModule } from './items/items.module';
import { PartnersModule } from './partners/partners.module';
import { ReservationsModule } from './reservations/reservations.module';
import { StockCountsModule } from './stock-counts/stock-counts.module';
import { StockIntegrityModule } from './stock-integrity/stock-integrity.module';
import { TransactionsModule } from './transactions/transactions.module';
import { TransfersModule } from './transfers/transfers.module';
import { WarehousesModule } from './warehouses/warehouses.module';

/** Business modules under /api/v1, besides auth and users. */
export const FEATURE_MODULES = [
  CompaniesModule,
  WarehousesModule,
  ItemsModule,
  InventoryModule,
  TransactionsModule,
  TransfersModule,
  AdjustmentsModule,
  ReservationsModule,
  StockCountsModule,
  PartnersModule,
  DocumentsModule,
  DashboardModule,
  StockIntegrityModule,
  AuditModule,
  WebhooksModule,
  ExportsModule,
  ImportsModule,
];
