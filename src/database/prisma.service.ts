import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@app/generated/prisma/client';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { ReadRoutingPool } from './read-routing-pool';
import { TenantPool } from './tenant-pool';

/**
 * The Prisma client without company filters. It owns the connection pool, whose connections tell
 * PostgreSQL the tenant of every statement (tenant-pool.ts), so row-level security still applies to
 * it. Only code whose job is to cross tenants uses it directly (authentication before a tenant is
 * known, the nightly jobs, seeding: the ESLint allow-list); repositories use the scoped client
 * (TENANT_PRISMA) or the raw-SQL door (TenantSql).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  readonly pool: ReadRoutingPool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Idle connections stay open (by default until the process ends). pg-pool's default closes one after 10 s
    // idle, and it hands out the most recently released connection first, so under moderate load most of the
    // pool idled out and every burst opened new connections: authentication, then a backend with cold
    // catalog caches planning each statement afresh — 30–70 ms per statement, and requests piling up behind
    // them for 100–250 ms (docs/benchmarks.md, "Fixed rate").
    const idleTimeoutMillis = config.databasePoolIdleTimeoutSeconds * 1000;
    const replica = config.databaseReadUrl
      ? new TenantPool({
          connectionString: config.databaseReadUrl,
          max: config.databasePoolSize,
          idleTimeoutMillis,
          application_name: 'warehouse-inventory-api (reads)',
          connectionTimeoutMillis: 2000,
        })
      : undefined;
    const pool = new ReadRoutingPool(
      { connectionString: config.databaseUrl, max: config.databasePoolSize, idleTimeoutMillis, application_name: 'warehouse-inventory-api' },
      replica,
    );
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
  }

  /**
   * The last shutdown step: the HTTP server has closed and the background work (webhook dispatcher)
   * has stopped in the earlier hooks, so no request or round is left holding a connection of a pool
   * that ends under it.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    await this.pool.end().catch(() => undefined);
    await this.pool.replica?.end().catch(() => undefined);
  }
}
