import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { PrismaService } from './prisma.service';
import { TenantContext } from './tenant-context';

/** Something that runs a Prisma.Sql: the client, or an interactive transaction of the scoped client. */
export interface SqlExecutor {
  $queryRaw<T = unknown>(query: Prisma.Sql): Prisma.PrismaPromise<T>;
}

/**
 * The one door for raw SQL on tenant tables. It takes the company from the tenant context itself
 * (failing closed when there is none) and binds it as a parameter, so a repository cannot pass a
 * company of its choosing or forget it:
 *
 * - `rows(company => Prisma.sql\`… WHERE t.company_id = ${company} …\`)`: `company` is the bound
 *   parameter (`$n::uuid`) of the context's company;
 * - `statement(name, text, params)`: a named (prepared once per connection) statement in which `$1` is
 *   the company and `params` are `$2…`.
 *
 * Row-level security is the second wall: every statement also runs with `app.company_id` set to the
 * same company (tenant-pool.ts), so a query that omitted its filter still sees only its own tenant.
 */
@Injectable()
export class TenantSql {
  constructor(private readonly prisma: PrismaService) {}

  async rows<T>(build: (company: Prisma.Sql) => Prisma.Sql, executor: SqlExecutor = this.prisma): Promise<T[]> {
    const { companyId } = TenantContext.require();
    // Awaited here: a PrismaPromise runs when awaited, and it must run in this (the tenant's) context.
    return await executor.$queryRaw<T[]>(build(Prisma.sql`${companyId}::uuid`));
  }

  async one<T>(build: (company: Prisma.Sql) => Prisma.Sql, executor?: SqlExecutor): Promise<T | undefined> {
    return (await this.rows<T>(build, executor))[0];
  }

  async statement<T>(name: string, text: string, params: readonly unknown[]): Promise<T[]> {
    const { companyId } = TenantContext.require();
    const { rows } = await this.prisma.pool.query<T & object>({ name, text, values: [companyId, ...params] });
    return rows;
  }
}
