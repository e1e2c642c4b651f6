import { Client } from 'pg';

/**
 * A normalised description of a database schema (tables, columns, constraints, indexes, enums,
 * triggers, row-level security), for comparing a database built from the migrations with one built from the schema.
 */
export async function describeSchema(url: string): Promise<Record<string, string[]>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string): Promise<string[]> => (await client.query<{ d: string }>(sql)).rows.map((r) => r.d).sort();
    return {
      columns:
        await q(`SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') ||
                               coalesce(' ' || numeric_precision || ',' || numeric_scale, '') || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS d
                          FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`),
      constraints: await q(`SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS d
                              FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> 0
                               AND conrelid::regclass::text <> '_prisma_migrations'`),
      indexes: await q(`SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`),
      enums: await q(`SELECT t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS d
                        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`),
      triggers: await q(`SELECT tgrelid::regclass || ' ' || tgname AS d FROM pg_trigger WHERE NOT tgisinternal`),
      policies: await q(`SELECT tablename || ' ' || policyname || ' ' || cmd AS d FROM pg_policies WHERE schemaname = 'public'`),
      rowSecurity: await q(`SELECT relname || CASE WHEN relforcerowsecurity THEN ' forced' ELSE ' enabled' END AS d
                              FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relrowsecurity`),
    };
  } finally {
    await client.end();
  }
}
