import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import { TenantContext } from './tenant-context';

/** One database transaction in the tenant of the context: `$1` of every statement is the company. */
export interface TenantTx {
  query<T extends object>(text: string, params: readonly unknown[]): Promise<T[]>;
}

/**
 * The door for multi-statement transactions on tenant tables (the stock operations: lock rows in
 * order, then write). Like TenantSql.statement, it binds the company of the context as `$1` itself;
 * each statement also carries app.company_id for row-level security (tenant-pool.ts). The connection
 * is held for the whole transaction and released after COMMIT or ROLLBACK.
 */
@Injectable()
export class TenantTransactions {
  constructor(private readonly prisma: PrismaService) {}

  async run<T>(work: (tx: TenantTx) => Promise<T>): Promise<T> {
    const { companyId } = TenantContext.require();
    const client = await this.prisma.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: TenantTx = {
        query: async <R extends object>(text: string, params: readonly unknown[]) =>
          (await client.query<R>(text, [companyId, ...params])).rows,
      };
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
