import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import QueryStream from 'pg-query-stream';
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
 *   parameter (`$n::uuid`) of the context's company. The Sql is sent to the pool as text and values (pg's
 *   types: numeric and int8 arrive as strings, so queries cast what they return); through Prisma's
 *   `$queryRaw` it made ~20 % of a small read's garbage. Given an interactive transaction's client, it
 *   runs there;
 * - `prepared(company => Prisma.sql\`…\`)`: the same, as a named statement called after its text, for the
 *   reads served on every page view (see there);
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
    const sql = build(Prisma.sql`${companyId}::uuid`);
    if (executor === this.prisma) {
      const { rows } = await this.prisma.pool.query<T & object>({ text: sql.text, values: sql.values });
      return rows;
    }
    // Awaited here: a PrismaPromise runs when awaited, and it must run in this (the tenant's) context.
    return await executor.$queryRaw<T[]>(sql);
  }

  async one<T>(build: (company: Prisma.Sql) => Prisma.Sql, executor?: SqlExecutor): Promise<T | undefined> {
    return (await this.rows<T>(build, executor))[0];
  }

  /**
   * A hot read (dashboards, list pages, history) as a named statement, named after its text: PostgreSQL
   * parses it once per pooled connection and, once its plan cache finds the generic plan no costlier than
   * the custom ones (plan_cache_mode auto, after five executions), plans it once too; otherwise it keeps
   * planning each execution as an unnamed statement would. Planning was most of these reads' database time:
   * pgbench running the dashboard, low-stock and inventory-page SQL did 2.8–4.3× the transactions a second
   * prepared than unnamed (docs/benchmarks.md, "Fixed rate IV").
   *
   * Only for queries whose text takes a bounded number of shapes — values are parameters, and optional
   * parts (filters, sort keys) are chosen by code from fixed lists — since every shape stays prepared on
   * every connection of the pool for the connection's life.
   */
  async prepared<T>(build: (company: Prisma.Sql) => Prisma.Sql): Promise<T[]> {
    const { companyId } = TenantContext.require();
    const sql = build(Prisma.sql`${companyId}::uuid`);
    const name = `read_${createHash('sha256').update(sql.text).digest('base64url').slice(0, 24)}`;
    try {
      const { rows } = await this.prisma.pool.query<T & object>({ name, text: sql.text, values: sql.values });
      return rows;
    } catch (err) {
      // A migration changed the type of a column the statement returns while this connection held it
      // prepared ("cached plan must not change result type", 0A000): the statement cannot run again on this
      // connection, but the query itself is fine. Unnamed, as `rows` sends it, until the connection is recycled.
      if ((err as { code?: string }).code !== '0A000') throw err;
      const { rows } = await this.prisma.pool.query<T & object>({ text: sql.text, values: sql.values });
      return rows;
    }
  }

  async preparedOne<T>(build: (company: Prisma.Sql) => Prisma.Sql): Promise<T | undefined> {
    return (await this.prepared<T>(build))[0];
  }

  async statement<T>(name: string, text: string, params: readonly unknown[]): Promise<T[]> {
    const { companyId } = TenantContext.require();
    const { rows } = await this.prisma.pool.query<T & object>({ name, text, values: [companyId, ...params] });
    return rows;
  }

  /**
   * A large read as a stream of rows (`$1` is the company, `params` are `$2…`): one pooled connection,
   * a read-only repeatable-read transaction (one snapshot for the whole read), and a portal fetched
   * `batchSize` rows at a time as the consumer asks for them (backpressure), each fetch inside the
   * transaction whose tenant setting the first statement set. The connection goes back to the pool when
   * the stream ends, fails or is destroyed (a client that went away).
   */
  async stream(text: string, params: readonly unknown[], batchSize = 1000): Promise<Readable> {
    const { companyId } = TenantContext.require();
    const client = await this.prisma.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const rows = client.query(new QueryStream(text, [companyId, ...params], { batchSize }));
      rows.once('close', () => {
        client.query('ROLLBACK').then(
          () => client.release(),
          (err: Error) => client.release(err),
        );
      });
      return rows;
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
  }
}
