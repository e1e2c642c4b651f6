import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '@app/generated/prisma/client';

export interface TenantScope {
  readonly companyId: string;
  readonly userId: string;
  readonly role: Role;
}

/**
 * What the connection pool tells PostgreSQL before each statement (transaction-local settings read by
 * the row-level-security policies): the company, and for the two look-ups that happen before a
 * company is known, the login e-mail or the refresh-token hash. See tenant-pool.ts.
 */
export interface DatabaseSettings {
  readonly companyId?: string;
  readonly loginEmail?: string;
  readonly refreshTokenHash?: string;
}

interface Store {
  readonly tenant?: TenantScope;
  readonly database: DatabaseSettings;
  /** The route reads only and tolerates replication lag: its queries may go to the read replica. */
  readonly replica?: boolean;
}

const storage = new AsyncLocalStorage<Store>();

export class MissingTenantContextError extends Error {
  constructor() {
    super('No tenant in context: a tenant-scoped query ran outside an authenticated request');
    this.name = 'MissingTenantContextError';
  }
}

/** The authenticated company of the current request. Set only from a verified access token. */
export const TenantContext = {
  run<T>(scope: TenantScope, fn: () => T, options: { replica?: boolean } = {}): T {
    return storage.run({ tenant: scope, database: { companyId: scope.companyId }, replica: options.replica }, fn);
  },
  current(): TenantScope | undefined {
    return storage.getStore()?.tenant;
  },
  require(): TenantScope {
    const scope = storage.getStore()?.tenant;
    if (!scope) throw new MissingTenantContextError();
    return scope;
  },
};

/** Whether the current request may read from the replica (see ReadRoutingPool). */
export function prefersReplica(): boolean {
  return storage.getStore()?.replica === true;
}

/** The settings the pool sends with the next statement (undefined: none, so RLS shows nothing). */
export function currentDatabaseSettings(): DatabaseSettings | undefined {
  return storage.getStore()?.database;
}

/**
 * Runs `fn` with database settings but no request tenant. Only cross-tenant.ts calls this (the
 * authentication look-ups and the jobs); ESLint keeps everything else away from that module.
 */
export function runWithDatabaseSettings<T>(database: DatabaseSettings, fn: () => T): T {
  return storage.run({ database }, fn);
}
