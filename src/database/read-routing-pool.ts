import { Logger } from '@nestjs/common';
import type { PoolClient, PoolConfig } from 'pg';
import { prefersReplica } from './tenant-context';
import { TenantPool } from './tenant-pool';

type QueryFn = (this: unknown, ...args: unknown[]) => unknown;

/** Errors that mean "the replica cannot be reached" (as opposed to an error of the query itself). */
function unreachable(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  const message = err instanceof Error ? err.message : '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', '57P01', '57P02', '57P03'].includes(code) ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(message)
  );
}

/**
 * The primary's pool, handing the statements of replica-tolerant routes (lists, history, dashboards,
 * exports: `@ReadsFromReplica()`) to the replica's pool when DATABASE_READ_URL is set. Everything
 * else — writes, reads right after a write, detail reads, authentication, jobs — stays on the primary.
 *
 * Both pools are TenantPools, so the replica gets the same `app.company_id` with every statement and
 * row-level security applies there too (the policies replicate with the schema). If the replica cannot
 * be reached the statement runs on the primary instead (logged at most every 30 s): a replica outage
 * costs the primary some load, never an error.
 */
export class ReadRoutingPool extends TenantPool {
  private readonly logger = new Logger('ReadReplica');
  private lastWarning = 0;

  constructor(
    config: PoolConfig,
    readonly replica?: TenantPool,
  ) {
    super(config);
    // An idle connection dropped (server restarted or gone) must not crash the process: pg-pool emits
    // it on the pool, where an 'error' without a listener would be thrown. The pool replaces the client.
    this.on('error', (err) => this.logger.warn(`Idle database connection lost: ${err.message}`));
    replica?.on('error', (err) => this.fellBack(err));
  }

  /** The replica's pool when the current route may use it. */
  routeToReplica(): TenantPool | undefined {
    return this.replica && prefersReplica() ? this.replica : undefined;
  }

  fellBack(err: unknown): void {
    if (Date.now() - this.lastWarning < 30_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`Read replica unreachable (${err instanceof Error ? err.message : String(err)}): reading from the primary`);
  }

  override connect(): Promise<PoolClient>;
  override connect(callback: (err: Error | undefined, client: PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(
    callback?: (err: Error | undefined, client: PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<PoolClient> | void {
    const replica = this.routeToReplica();
    if (callback) return super.connect(callback); // callers of the callback form (none here) stay on the primary
    if (!replica) return super.connect();
    return replica.connect().catch((err: unknown) => {
      if (!unreachable(err)) throw err;
      this.fellBack(err);
      return super.connect();
    });
  }
}

// query() is patched on the prototype (as TenantPool does), so pg's overloads keep their types.
const primaryQuery = TenantPool.prototype.query as QueryFn;
(ReadRoutingPool.prototype as unknown as { query: (this: ReadRoutingPool, ...args: unknown[]) => unknown }).query = function (
  this: ReadRoutingPool,
  ...args: unknown[]
): unknown {
  const replica = this.routeToReplica();
  const promiseForm = args.length > 0 && typeof args[args.length - 1] !== 'function' && typeof (args[0] as { submit?: unknown })?.submit !== 'function';
  if (!replica || !promiseForm) return primaryQuery.apply(this, args);
  return (primaryQuery.apply(replica, args) as Promise<unknown>).catch((err: unknown) => {
    if (!unreachable(err)) throw err;
    this.fellBack(err);
    return primaryQuery.apply(this, args);
  });
};
