import type { Prisma } from '@app/generated/prisma/client';
import { TenantContext } from '@app/database/tenant-context';
import type { PrismaService } from '@app/database/prisma.service';
import { TenantSql } from '@app/database/tenant-sql';

/**
 * The SQL a repository sends, taken from the repository itself: `run` gets a TenantSql whose client records
 * each query instead of sending it (and answers no rows), in `companyId`'s tenant context. So plans are
 * explained for the real queries, not for copies (bench/explain.ts, test/e2e/planner-statistics.e2e-spec.ts).
 */
export async function captureSql(companyId: string, userId: string, run: (sql: TenantSql) => Promise<unknown>): Promise<Prisma.Sql[]> {
  const captured: Prisma.Sql[] = [];
  const client = {
    // The door calls $queryRaw with the Sql object Prisma would send.
    $queryRaw: (sql: Prisma.Sql) => {
      captured.push(sql);
      return Promise.resolve([]);
    },
  } as unknown as PrismaService;
  await TenantContext.run({ companyId, userId, role: 'ADMIN' }, () => run(new TenantSql(client)));
  return captured;
}
