import { Client, Pool, Query, type ClientConfig, type PoolConfig } from 'pg';
import { currentDatabaseSettings, type DatabaseSettings } from './tenant-context';

/**
 * Tells PostgreSQL the tenant of every statement without an extra round trip.
 *
 * Row-level security reads `app.company_id` (and, for the two look-ups before a company is known,
 * `app.login_email` / `app.refresh_token_hash`). While the AsyncLocalStorage context holds settings,
 * the client writes this prefix statement in front of each query, on the wire, with no Sync between:
 *
 *     Bind/Execute  SELECT 1 WHERE (set_config('app.company_id', $1, true) || …) IS NULL   (no rows)
 *     Parse/Bind/Describe/Execute  <the query>
 *     Sync
 *
 * Both run in the same (implicit or explicit) transaction, so the `is_local` settings apply to the
 * query and vanish at its commit: nothing leaks to the next user of the pooled connection. It is one
 * network write and one round trip, like the query alone. The prefix's replies (ParseComplete,
 * CommandComplete) are consumed here; an error in it (only possible in an aborted transaction, where
 * the prefix is not sent anyway) becomes the query's error and PostgreSQL skips the query up to the
 * Sync, so the client's state machine sees one query with one outcome.
 *
 * Not prefixed: transaction control (BEGIN/COMMIT/ROLLBACK/SAVEPOINT/SET TRANSACTION must stay first or
 * must run in an aborted transaction) and any query while the transaction has failed. With settings,
 * queries always use the extended protocol (a simple-protocol Query message would end the pipeline);
 * multi-statement scripts therefore cannot run in a tenant context, which only migrations need.
 *
 * The settings are captured when `query()` is called (pool or client), in the caller's async context.
 */

const PREFIX_NAME = 'app_tenant_settings';
// Concatenated, so all three calls are evaluated (the planner turns ROW(…) IS NULL into an AND that
// stops at the first non-null), and never NULL, so the statement returns no row.
const PREFIX_SQL =
  "SELECT 1 WHERE (set_config('app.company_id', $1, true) || set_config('app.login_email', $2, true) || " +
  "set_config('app.refresh_token_hash', $3, true)) IS NULL";

const TRANSACTION_CONTROL =
  /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|SET\s+TRANSACTION|PREPARE\s+TRANSACTION)\b/i;

const SETTINGS = Symbol('tenantSettings');

interface Tagged {
  [SETTINGS]?: DatabaseSettings;
  text?: unknown;
  name?: unknown;
  values?: unknown;
  queryMode?: string;
  submit?: unknown;
  cursor?: { text?: string };
}

/** The parts of pg's Connection the prefix writes to (pg's own Query uses the same calls). */
interface Wire {
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(msg: { name: string; text: string; types?: number[] }): void;
  bind(msg: { portal: string; statement: string; values: unknown[] }): void;
  execute(msg: { portal: string; rows: number }): void;
}

/** pg.Client internals this subclass hooks into (pg 8.x). */
interface ClientInternals {
  readyForQuery: boolean;
  pipeline?: boolean;
  _txStatus?: string | null;
  _queryQueue: Tagged[];
  connection: Wire;
}

function tag<T>(query: T, settings: DatabaseSettings): T {
  (query as Tagged)[SETTINGS] = settings;
  return query;
}

function isSubmittable(config: unknown): config is Tagged {
  return typeof (config as Tagged | null)?.submit === 'function';
}

/** The checks pg's Query.submit makes before writing anything: when one fails, nothing is written. */
function wouldSubmit(query: Tagged, wire: Wire): boolean {
  if (typeof query.text !== 'string') return false;
  if (query.values !== undefined && !Array.isArray(query.values)) return false;
  if (typeof query.name === 'string' && query.name) {
    const previous = wire.parsedStatements[query.name] ?? wire.submittedNamedStatements[query.name];
    if (previous !== undefined && previous !== query.text) return false;
  }
  return true;
}

type Pending = 'parse' | 'command';

/** A pg Client that sends the tenant settings in front of each query (see above). */
export class TenantAwareClient extends Client {
  private prefixParsed = false;
  /** Replies of the prefix still to come, in order; consumed before the query sees anything. */
  private pending: Pending[] = [];

  constructor(config?: string | ClientConfig) {
    super(config);
  }

  private get internals(): ClientInternals {
    return this as unknown as ClientInternals;
  }

  /** pg calls this whenever the connection may take the next query: write the prefix just before it. */
  _pulseQueryQueue(): void {
    const self = this.internals;
    const next = self._queryQueue[0];
    const settings = next?.[SETTINGS];
    // pg's Query is checked the way its submit() checks it; other submittables (pg-cursor, pg-query-stream,
    // whose text sits on its cursor) use the extended protocol and keep their portal inside the transaction.
    const text = typeof next?.text === 'string' ? next.text : (next?.cursor?.text ?? '');
    const prefix =
      settings !== undefined &&
      self.readyForQuery === true &&
      !self.pipeline &&
      self._txStatus !== 'E' &&
      !TRANSACTION_CONTROL.test(text) &&
      (!(next instanceof Query) || wouldSubmit(next, self.connection));
    const wire = self.connection;
    if (prefix) {
      if (next instanceof Query) (next as Tagged).queryMode = 'extended'; // pg's switch: Parse/Bind/Execute/Sync
      wire.stream.cork?.();
      this.writePrefix(wire, settings);
    }
    try {
      (Client.prototype as unknown as { _pulseQueryQueue(this: unknown): void })._pulseQueryQueue.call(this);
    } finally {
      if (prefix) wire.stream.uncork?.();
    }
  }

  private writePrefix(wire: Wire, settings: DatabaseSettings): void {
    if (!this.prefixParsed) {
      wire.parse({ name: PREFIX_NAME, text: PREFIX_SQL });
      this.pending.push('parse');
    }
    wire.bind({
      portal: '',
      statement: PREFIX_NAME,
      values: [settings.companyId ?? '', settings.loginEmail ?? '', settings.refreshTokenHash ?? ''],
    });
    wire.execute({ portal: '', rows: 0 });
    this.pending.push('command');
  }

  _handleParseComplete(): void {
    if (this.pending[0] === 'parse') {
      this.pending.shift();
      this.prefixParsed = true;
      return;
    }
    (Client.prototype as unknown as { _handleParseComplete(this: unknown): void })._handleParseComplete.call(this);
  }

  _handleCommandComplete(msg: unknown): void {
    if (this.pending[0] === 'command') {
      this.pending.shift();
      return;
    }
    (Client.prototype as unknown as { _handleCommandComplete(this: unknown, m: unknown): void })._handleCommandComplete.call(this, msg);
  }

  _handleDataRow(msg: unknown): void {
    if (this.pending.length > 0) return; // the prefix returns no rows; never hand one to the query
    (Client.prototype as unknown as { _handleDataRow(this: unknown, m: unknown): void })._handleDataRow.call(this, msg);
  }

  _handleErrorMessage(msg: unknown): void {
    // An error in the prefix: PostgreSQL skips the rest up to the Sync, so it is the query's error.
    this.pending = [];
    (Client.prototype as unknown as { _handleErrorMessage(this: unknown, m: unknown): void })._handleErrorMessage.call(this, msg);
  }

  _handleReadyForQuery(msg: unknown): void {
    this.pending = [];
    (Client.prototype as unknown as { _handleReadyForQuery(this: unknown, m: unknown): void })._handleReadyForQuery.call(this, msg);
  }
}

/**
 * The pool of TenantAwareClients. `pool.query()` takes the settings of the caller's context at the
 * call (pg-pool would otherwise run the query in whatever context released the connection).
 */
export class TenantPool extends Pool {
  constructor(config: PoolConfig) {
    super({ ...config, Client: TenantAwareClient });
  }
}

type QueryFn = (this: unknown, ...args: unknown[]) => unknown;

// query() is patched on the prototypes rather than overridden, so pg's overloads keep their types.
const clientQuery = Client.prototype.query as QueryFn;
(TenantAwareClient.prototype as unknown as { query: QueryFn }).query = function (this: unknown, ...args: unknown[]): unknown {
  const [config, values, callback] = args;
  const settings = currentDatabaseSettings();
  if (!settings || config == null || (config as Tagged)[SETTINGS]) return clientQuery.apply(this, args);
  if (isSubmittable(config)) return clientQuery.apply(this, [tag(config, settings), values, callback]);
  const cb = typeof values === 'function' ? values : callback;
  const query = tag(new Query(config as string, (typeof values === 'function' ? undefined : values) as unknown[]), settings);
  if (typeof cb === 'function') return clientQuery.call(this, query, cb);
  return new Promise((resolve, reject) => {
    (query as unknown as { callback: unknown }).callback = (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res));
    clientQuery.call(this, query);
  });
};

const poolQuery = Pool.prototype.query as QueryFn;
(TenantPool.prototype as unknown as { query: QueryFn }).query = function (this: unknown, ...args: unknown[]): unknown {
  const [config, values, callback] = args;
  const settings = currentDatabaseSettings();
  if (!settings || config == null || typeof config === 'function') return poolQuery.apply(this, args);
  if (isSubmittable(config)) return poolQuery.apply(this, [tag(config, settings), values, callback]);
  const cb = typeof values === 'function' ? values : callback;
  const query = tag(new Query(config as string, (typeof values === 'function' ? undefined : values) as unknown[]), settings);
  return poolQuery.apply(this, cb === undefined ? [query] : [query, cb]);
};
