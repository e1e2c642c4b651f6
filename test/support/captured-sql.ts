import { TenantContext } from '@app/database/tenant-context';
import type { PrismaService } from '@app/database/prisma.service';
import { TenantSql } from '@app/database/tenant-sql';

/** One query as the door sends it to the pool. */
export interface CapturedSql {
  text: string;
  values: unknown[];
}

/**
 * The SQL a repository sends, taken from the repository itself: `run` gets a TenantSql whose client records
 * each query instead of sending it (and answers no rows), in `companyId`'s tenant context. So plans are
 * explained for the real queries, not for copies (bench/explain.ts, test/e2e/planner-statistics.e2e-spec.ts).
 */
export async function captureSql(companyId: string, userId: string, run: (sql: TenantSql) => Promise<unknown>): Promise<CapturedSql[]> {
  const captured: CapturedSql[] = [];
  const client = {
    // The door sends its queries to the pool as { text, values } (named statements with a name too).
    pool: {
      query: (query: CapturedSql) => {
        captured.push({ text: query.text, values: query.values });
        return Promise.resolve({ rows: [] });
      },
    },
  } as unknown as PrismaService;
  await TenantContext.run({ companyId, userId, role: 'ADMIN' }, () => run(new TenantSql(client)));
  return captured;
}
