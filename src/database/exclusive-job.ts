import type { Pool, PoolClient } from 'pg';
import { CrossTenant } from './cross-tenant';

/** Stable advisory-lock keys of the maintenance jobs. */
export const JOB_LOCKS = {
  tokenCleanup: 7_300_001,
  idempotencyCleanup: 7_300_002,
  stockVerify: 7_300_003,
  reservationExpiry: 7_300_004,
  webhookRetention: 7_300_005,
} as const;

/** Runs a `DELETE … WHERE id IN (SELECT … LIMIT $batch)` until a batch comes back short; returns rows deleted. */
export async function deleteInBatches(client: PoolClient, sql: string, params: unknown[], batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const res = await client.query(sql, [...params, batch]);
    total += res.rowCount ?? 0;
    if ((res.rowCount ?? 0) < batch) return total;
  }
}

export type ExclusiveResult<T> = { ran: true; result: T } | { ran: false };

/**
 * Runs `work` only if no other process holds the job's PostgreSQL advisory lock, so a job runs
 * once even with several API processes. The lock is session-level, held on one dedicated
 * connection for the whole run and released on it.
 */
export async function runExclusive<T>(pool: Pool, lockKey: number, work: (client: PoolClient) => Promise<T>): Promise<ExclusiveResult<T>> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [lockKey]);
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, result: await work(client) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [lockKey]);
    }
  } finally {
    client.release();
  }
}

/**
 * Runs `work` once per company, as that company (row-level security shows it only its rows): the
 * jobs cross tenants by iterating them, not by bypassing the policies. `client` must come from the
 * TenantPool (PrismaService.pool), whose connections send the company with each statement.
 */
export async function forEachCompany(client: PoolClient, work: (companyId: string) => Promise<void>): Promise<number> {
  const { rows } = await client.query<{ id: string }>('SELECT id::text AS id FROM companies ORDER BY id');
  for (const { id } of rows) await CrossTenant.asCompany(id, () => work(id));
  return rows.length;
}
