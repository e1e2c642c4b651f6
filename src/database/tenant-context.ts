import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '@app/generated/prisma/client';

export interface TenantScope {
  readonly companyId: string;
  readonly userId: string;
  readonly role: Role;
}

const storage = new AsyncLocalStorage<TenantScope>();

export class MissingTenantContextError extends Error {
  constructor() {
    super('No tenant in context: a tenant-scoped query ran outside an authenticated request');
    this.name = 'MissingTenantContextError';
  }
}

/** The authenticated company of the current request. Set only from a verified access token. */
export const TenantContext = {
  run<T>(scope: TenantScope, fn: () => T): T {
    return storage.run(scope, fn);
  },
  current(): TenantScope | undefined {
    return storage.getStore();
  },
  require(): TenantScope {
    const scope = storage.getStore();
    if (!scope) throw new MissingTenantContextError();
    return scope;
  },
};
