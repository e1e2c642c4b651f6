import { Global, Inject, Module } from '@nestjs/common';
import { DatabaseHealth } from './database-health';
import { PrismaService } from './prisma.service';
import { tenantScopeExtension } from './tenant-scope.extension';
import { TenantSql } from './tenant-sql';

export const TENANT_PRISMA = Symbol('TENANT_PRISMA');

export function createTenantPrisma(prisma: PrismaService) {
  return prisma.$extends(tenantScopeExtension);
}

/** The tenant-scoped client: every model query carries the company of the current request. */
export type TenantPrisma = ReturnType<typeof createTenantPrisma>;

export const InjectTenantPrisma = (): ParameterDecorator => Inject(TENANT_PRISMA);

@Global()
@Module({
  providers: [
    PrismaService,
    TenantSql,
    DatabaseHealth,
    { provide: TENANT_PRISMA, useFactory: createTenantPrisma, inject: [PrismaService] },
  ],
  exports: [PrismaService, TenantSql, DatabaseHealth, TENANT_PRISMA],
})
export class DatabaseModule {}
