import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '@app/generated/prisma/client';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';

/**
 * The unscoped Prisma client: it sees every company. Only code that must cross tenants uses it
 * directly (authentication before a tenant is known, the nightly jobs, seeding, and the ledger's
 * reviewed SQL, which binds the company explicitly). Everything else goes through the scoped
 * client (TENANT_PRISMA). It owns the connection pool.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  readonly pool: Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const pool = new Pool({
      connectionString: config.databaseUrl,
      max: config.databasePoolSize,
      application_name: 'warehouse-inventory-api',
    });
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.pool.end().catch(() => undefined);
  }
}
