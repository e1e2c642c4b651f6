import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { applyMigrations, datamodelTarget, diffSql, prismaDir, readSchema } from '@app/tooling/schema-engine';
import { describeSchema } from '../support/catalog';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../support/test-database';

/** Objects that only hand-written migration SQL creates (Prisma's schema language cannot express them). */
const HAND_WRITTEN_CHECKS = [
  'inventory_quantity_non_negative',
  'transactions_quantity_sign',
  'transactions_unit_cost_non_negative',
  'transactions_transfer_leg',
  'transactions_adjustment_reason',
  'inventory_reserved_within_quantity',
  'item_stock_quantity_non_negative',
  'item_stock_average_cost_non_negative',
  'reservations_quantity_positive',
  'reservations_fulfilled_within_quantity',
  'stock_count_lines_counted_non_negative',
  'items_reorder_quantity_positive',
  'companies_currency_iso4217',
  'transactions_balance_after_non_negative',
  'warehouses_capacity_positive',
  'items_reorder_threshold_non_negative',
  'items_volume_per_unit_non_negative',
  'users_email_lowercase',
  'companies_email_lowercase',
  'transactions_sequence_positive',
  // partners and documents (issue 13)
  'documents_partner_matches_kind',
  'document_lines_quantity_positive',
  'document_lines_unit_cost_non_negative',
  'transactions_partner_needs_document',
];

/** Indexes only hand-written migration SQL creates (on expressions). */
const HAND_WRITTEN_INDEXES = [
  'items_company_id_lower_sku_key',
  'transactions_document_id_created_at_id_idx',
  'item_stock_low_idx',
  'items_company_id_created_at_id_idx',
  'inventory_company_id_warehouse_id_updated_at_id_idx',
  'webhook_events_fan_out_idx',
  'webhook_deliveries_pending_idx',
];

/** Every table with a company_id column: each has row-level security forced and the tenant policy. */
const TENANT_TABLES = [
  'users',
  'refresh_tokens',
  'warehouses',
  'items',
  'inventory',
  'transactions',
  'idempotency_keys',
  // stock operations (issue 12)
  'item_stock',
  'reservations',
  'stock_counts',
  'stock_count_lines',
  // audit and webhooks (issue 14)
  'audit_events',
  'webhook_endpoints',
  'webhook_events',
  'webhook_deliveries',
  // partners and documents (issue 13)
  'suppliers',
  'customers',
  'documents',
  'document_lines',
  'warehouse_totals',
  'company_totals',
];

/** Hand-written triggers: the ledger's and the audit log's immutability, the audit and outbox writers. */
const TRIGGERS = [
  'transactions transactions_no_truncate',
  'transactions transactions_no_update_delete',
  'transactions transactions_webhook',
  'audit_events audit_events_no_truncate',
  'audit_events audit_events_no_update_delete',
  'companies companies_audit',
  'users users_audit',
  'warehouses warehouses_audit',
  'items items_audit',
  'webhook_endpoints webhook_endpoints_audit',
  'items items_webhook',
  'warehouses warehouses_webhook',
  'suppliers suppliers_audit',
  'customers customers_audit',
  'documents documents_audit',
  'documents documents_webhook',
  // running totals (issue 15)
  'inventory inventory_totals_insert',
  'inventory inventory_totals_update',
  'items items_totals_insert',
  'items items_totals_update',
  'warehouses warehouses_totals_update',
  'reservations reservations_webhook',
  'items items_audit_created',
];

describe('migrations and schema.prisma agree', () => {
  const admin = process.env.E2E_ADMIN_URL as string;
  const urlOf = (name: string): string => {
    const u = new URL(admin);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const fromMigrations = uniqueDatabaseName('drift_migrations');
  const fromSchema = uniqueDatabaseName('drift_schema');

  beforeAll(async () => {
    await createDatabase(admin, fromMigrations);
    await createDatabase(admin, fromSchema);
  });
  afterAll(async () => {
    await dropDatabase(admin, fromMigrations);
    await dropDatabase(admin, fromSchema);
  });

  it('the schema snapshot of the last migration equals schema.prisma (no migration is missing)', async () => {
    const snapshot = readFileSync(join(prismaDir(), 'migrations', 'schema.snapshot.prisma'), 'utf8');
    const sql = await diffSql(urlOf(fromSchema), datamodelTarget(snapshot), datamodelTarget(readSchema()));
    expect(sql.replace(/^--.*$/gm, '').trim()).toBe('');
  });

  it('a database built from the migrations matches one built from schema.prisma', async () => {
    expect(await applyMigrations(urlOf(fromMigrations))).not.toHaveLength(0);
    expect(await applyMigrations(urlOf(fromMigrations))).toHaveLength(0); // idempotent

    const createSql = await diffSql(urlOf(fromSchema), { tag: 'empty' }, datamodelTarget(readSchema()));
    const client = new Client({ connectionString: urlOf(fromSchema) });
    await client.connect();
    await client.query(createSql);
    await client.end();

    const migrated = await describeSchema(urlOf(fromMigrations));
    const modelled = await describeSchema(urlOf(fromSchema));
    const handWritten = (line: string): boolean => HAND_WRITTEN_CHECKS.some((name) => line.includes(` ${name} `));
    expect(migrated.columns).toEqual(modelled.columns);
    const handWrittenIndex = (line: string): boolean => HAND_WRITTEN_INDEXES.some((name) => line.includes(` ${name} `));
    expect(migrated.indexes.filter((i) => !handWrittenIndex(i))).toEqual(modelled.indexes);
    expect(migrated.indexes.filter(handWrittenIndex)).toEqual([
      'CREATE INDEX inventory_company_id_warehouse_id_updated_at_id_idx ON public.inventory USING btree (company_id, warehouse_id, updated_at DESC, id DESC) WHERE (last_sequence > 0)',
      'CREATE INDEX item_stock_low_idx ON public.item_stock USING btree (company_id, ((active_quantity - (reorder_threshold)::numeric)), sku) WHERE ((active_quantity - (reorder_threshold)::numeric) <= (0)::numeric)',
      'CREATE INDEX items_company_id_created_at_id_idx ON public.items USING btree (company_id, created_at DESC, id DESC) WHERE (deleted_at IS NULL)',
      'CREATE INDEX transactions_document_id_created_at_id_idx ON public.transactions USING btree (document_id, created_at DESC, id DESC) WHERE (document_id IS NOT NULL)',
      "CREATE INDEX webhook_deliveries_pending_idx ON public.webhook_deliveries USING btree (company_id, next_attempt_at) WHERE ((status)::text = 'PENDING'::text)",
      'CREATE INDEX webhook_events_fan_out_idx ON public.webhook_events USING btree (company_id, created_at) WHERE (NOT fanned_out)',
      'CREATE UNIQUE INDEX items_company_id_lower_sku_key ON public.items USING btree (company_id, lower((sku)::text))',
    ]);
    expect(migrated.enums).toEqual(modelled.enums);
    expect(migrated.constraints.filter((c) => !handWritten(c))).toEqual(modelled.constraints);
    expect(migrated.constraints.filter(handWritten)).toHaveLength(HAND_WRITTEN_CHECKS.length);
    expect(migrated.triggers).toEqual([...TRIGGERS].sort());
    // Row-level security is hand-written too (prisma/migrations/*_row_level_security): every tenant table.
    expect(modelled.policies).toEqual([]);
    expect(migrated.rowSecurity).toEqual(TENANT_TABLES.map((table) => `${table} forced`).sort());
    expect(migrated.policies).toEqual(
      [
        ...TENANT_TABLES.map((table) => `${table} tenant_isolation ALL`),
        'users users_login_lookup SELECT',
        'refresh_tokens refresh_tokens_lookup SELECT',
        'webhook_deliveries webhook_deliveries_due_lookup SELECT',
        'webhook_events webhook_events_fan_out_lookup SELECT',
      ].sort(),
    );
    // A table with a company column and no row-level security would be a tenant table outside the wall.
    const companyTables = migrated.columns.filter((c) => c.split(' ')[0]?.endsWith('.company_id')).map((c) => c.split('.')[0]);
    expect(companyTables.sort()).toEqual([...TENANT_TABLES].sort());
  });
});
