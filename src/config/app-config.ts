import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

/** The one place that reads the environment. Everything else receives an AppConfig. */
export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  /** The role the API serves with (subject to row-level security). Undefined: embedded PostgreSQL under dataDir. */
  readonly databaseUrl?: string;
  /** The role that owns the schema and runs migrations (and the demo seed); defaults to databaseUrl. */
  readonly databaseMigrationUrl?: string;
  /** A streaming replica for lists, history, dashboards and exports; undefined: everything reads the primary. */
  readonly databaseReadUrl?: string;
  readonly databasePoolSize: number;
  /** Seconds an idle pooled connection is kept before it is closed; 0: kept until the process ends. */
  readonly databasePoolIdleTimeoutSeconds: number;
  /** Shared state across API processes (rate-limit counters). Undefined: kept in process memory. */
  readonly redisUrl?: string;
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  readonly redisKeyPrefix: string;
  readonly migrateOnStart: boolean;
  readonly seedDemoData: boolean;
  readonly dataDir: string;
  readonly embeddedPgPort: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly bodyLimitBytes: number;
  /** text/csv bodies of the import routes (50,000 rows fit in the default 16 MB). */
  readonly importBodyLimitBytes: number;
  readonly corsOrigins: readonly string[];
  /** Browsers reach the API only over HTTPS (e.g. TLS ends at a proxy): send HSTS and upgrade-insecure-requests. */
  readonly httpsOnly: boolean;
  readonly swaggerEnabled: boolean;
  readonly jwt: {
    readonly accessSecret: string;
    readonly accessTtlSeconds: number;
    readonly issuer: string;
    readonly audience: string;
  };
  readonly refresh: {
    readonly ttlDays: number;
    readonly reuseGraceSeconds: number;
    readonly cookieSecure: boolean;
  };
  readonly bcryptCost: number;
  /** bcrypt work at once (hash or compare) and how many may wait; beyond that sign-ins get 503. */
  readonly passwordHashing: { readonly concurrency: number; readonly queueLimit: number; readonly nice: number };
  readonly throttle: {
    readonly ttlSeconds: number;
    /** Auth requests per client IP, whatever the account. */
    readonly ipLimit: number;
    /** Auth requests per account from one IP: the brute-force brake. */
    readonly accountIpLimit: number;
    /** Auth requests per account from all IPs together: the ceiling against distributed guessing. */
    readonly accountLimit: number;
  };
  readonly jobs: {
    readonly enabled: boolean;
    readonly tokenCleanupCron: string;
    readonly stockVerifyCron: string;
    readonly revokedRetentionDays: number;
    readonly idempotencyRetentionHours: number;
    /** Marks overdue reservations EXPIRED (they stop counting at once anyway; this tidies their status). */
    readonly reservationExpiryCron: string;
    /** Webhook events older than this, with no delivery still pending, are deleted (with their delivery log). */
    readonly webhookRetentionDays: number;
  };
  /** Lifetime of a reservation created without expiresAt. */
  readonly reservationTtlMinutes: number;
  /** Mounts the naive movement route used as a benchmark baseline (bench/ only). */
  readonly benchNaiveRoute: boolean;
  readonly webhooks: {
    /** Allow endpoint URLs that resolve to private, loopback, link-local… addresses (SSRF guard off). */
    readonly allowPrivateUrls: boolean;
    /** Endpoint URLs must be https (default: in production). */
    readonly requireHttps: boolean;
    /** Run the dispatcher in this process. */
    readonly dispatcherEnabled: boolean;
    readonly pollIntervalMs: number;
    /** Deliveries claimed per company per round, and sent at once (bounded concurrency). */
    readonly batchSize: number;
    readonly timeoutMs: number;
    /** Exponential backoff with full jitter: random(0, min(max, base × 2^(attempt−1))). */
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
    /** After this long since the delivery was queued, a failed attempt marks it FAILED. */
    readonly retryWindowSeconds: number;
    /** While requests keep the process busy, the dispatcher's rounds take at most this share of the time. */
    readonly sharePercentUnderLoad: number;
  };
}

/** How long a revoked refresh token is kept after its revocation (audit, reuse forensics), in days. */
export const DEFAULT_REVOKED_TOKEN_RETENTION_DAYS = 30;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return Number(value);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes'].includes(value)) return true;
    if (['false', '0', 'no'].includes(value)) return false;
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
      return fallback;
    }
    return value as T;
  }

  cron(name: string, fallback: string): string {
    const value = this.string(name, fallback);
    if (value.split(/\s+/).length < 5 || value.split(/\s+/).length > 6) {
      this.problems.push(`${name} must be a cron expression with 5 or 6 fields (got "${value}")`);
    }
    return value;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env): AppConfig {
  const r = new Reader(env);
  const nodeEnv = r.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';

  const databaseUrl = r.raw('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    r.problems.push('DATABASE_URL must be a postgresql:// URL');
  }
  const databaseMigrationUrl = r.raw('DATABASE_MIGRATION_URL');
  if (databaseMigrationUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseMigrationUrl)) {
    r.problems.push('DATABASE_MIGRATION_URL must be a postgresql:// URL');
  }
  if (databaseMigrationUrl !== undefined && databaseUrl === undefined) {
    r.problems.push('DATABASE_MIGRATION_URL needs DATABASE_URL (the embedded default provides both roles itself)');
  }
  const databaseReadUrl = r.raw('DATABASE_READ_URL');
  if (databaseReadUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseReadUrl)) {
    r.problems.push('DATABASE_READ_URL must be a postgresql:// URL');
  }
  if (databaseReadUrl !== undefined && databaseUrl === undefined) {
    r.problems.push('DATABASE_READ_URL needs DATABASE_URL (the replica follows that primary)');
  }
  if (production && databaseUrl === undefined) {
    r.problems.push('DATABASE_URL is required when NODE_ENV=production (embedded PostgreSQL is for development)');
  }

  const redisUrl = r.raw('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) r.problems.push('REDIS_URL must be a redis:// or rediss:// URL');

  const accessSecret = r.raw('JWT_ACCESS_SECRET');
  if (accessSecret === undefined) {
    r.problems.push('JWT_ACCESS_SECRET is required (at least 32 bytes; generated automatically only in development)');
  } else if (Buffer.byteLength(accessSecret) < 32) {
    r.problems.push('JWT_ACCESS_SECRET must be at least 32 bytes long');
  }

  const corsOrigins = (r.raw('CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) r.problems.push(`CORS_ORIGINS entry "${origin}" must look like https://host[:port]`);
  }

  const config: AppConfig = {
    env: nodeEnv,
    host: r.string('HOST', '0.0.0.0'),
    port: r.int('PORT', 3000, 1, 65535),
    databaseUrl,
    databaseMigrationUrl: databaseMigrationUrl ?? databaseUrl,
    databaseReadUrl,
    databasePoolSize: r.int('DATABASE_POOL_SIZE', 10, 1, 200),
    databasePoolIdleTimeoutSeconds: r.int('DATABASE_POOL_IDLE_TIMEOUT_SECONDS', 0, 0, 86_400),
    redisUrl,
    redisKeyPrefix: r.string('REDIS_KEY_PREFIX', 'inventory:'),
    migrateOnStart: r.bool('MIGRATE_ON_START', true),
    seedDemoData: r.bool('SEED_DEMO_DATA', databaseUrl === undefined),
    dataDir: r.string('DATA_DIR', '.data'),
    embeddedPgPort: r.int('EMBEDDED_PG_PORT', 54329, 1, 65535),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, production ? 'info' : 'info'),
    bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1_048_576, 1024, 50 * 1_048_576),
    importBodyLimitBytes: r.int('IMPORT_BODY_LIMIT_BYTES', 16 * 1_048_576, 1024, 256 * 1_048_576),
    corsOrigins,
    httpsOnly: r.bool('HTTPS_ONLY', production),
    swaggerEnabled: r.bool('SWAGGER_ENABLED', true),
    jwt: {
      accessSecret: accessSecret ?? '',
      accessTtlSeconds: r.int('JWT_ACCESS_TTL_SECONDS', 900, 30, 86_400),
      issuer: r.string('JWT_ISSUER', 'warehouse-inventory-api'),
      audience: r.string('JWT_AUDIENCE', 'warehouse-inventory-clients'),
    },
    refresh: {
      ttlDays: r.int('REFRESH_TOKEN_TTL_DAYS', 7, 1, 90),
      reuseGraceSeconds: r.int('REFRESH_REUSE_GRACE_SECONDS', 0, 0, 60),
      cookieSecure: r.bool('COOKIE_SECURE', production),
    },
    bcryptCost: r.int('BCRYPT_COST', 12, production ? 12 : 4, 15),
    passwordHashing: {
      // One core left for everything else (each slot is a hashing thread: src/common/security/password-hasher.ts).
      concurrency: r.int('BCRYPT_CONCURRENCY', Math.max(1, Math.min(4, availableParallelism() - 1)), 1, 64),
      queueLimit: r.int('BCRYPT_QUEUE_LIMIT', 16, 0, 10_000),
      // How much lower than the API's own the hashing threads' CPU priority is (Linux nice, 0 = the same).
      nice: r.int('BCRYPT_NICE', 10, 0, 19),
    },
    throttle: {
      ttlSeconds: r.int('AUTH_THROTTLE_TTL_SECONDS', 60, 1, 3600),
      ipLimit: r.int('AUTH_THROTTLE_IP_LIMIT', 30, 1, 100_000),
      accountIpLimit: r.int('AUTH_THROTTLE_ACCOUNT_IP_LIMIT', 10, 1, 100_000),
      accountLimit: r.int('AUTH_THROTTLE_ACCOUNT_LIMIT', 100, 1, 100_000),
    },
    jobs: {
      enabled: r.bool('JOBS_ENABLED', true),
      tokenCleanupCron: r.cron('TOKEN_CLEANUP_CRON', '0 3 * * *'),
      stockVerifyCron: r.cron('STOCK_VERIFY_CRON', '30 3 * * *'),
      revokedRetentionDays: r.int('REVOKED_TOKEN_RETENTION_DAYS', DEFAULT_REVOKED_TOKEN_RETENTION_DAYS, 1, 3650),
      idempotencyRetentionHours: r.int('IDEMPOTENCY_RETENTION_HOURS', 48, 24, 24 * 365),
      reservationExpiryCron: r.cron('RESERVATION_EXPIRY_CRON', '* * * * *'),
      webhookRetentionDays: r.int('WEBHOOK_RETENTION_DAYS', 30, 1, 3650),
    },
    reservationTtlMinutes: r.int('RESERVATION_TTL_MINUTES', 30, 1, 60 * 24 * 365),
    benchNaiveRoute: r.bool('BENCH_NAIVE_ROUTE', false),
    webhooks: {
      allowPrivateUrls: r.bool('WEBHOOK_ALLOW_PRIVATE_URLS', false),
      requireHttps: r.bool('WEBHOOK_REQUIRE_HTTPS', production),
      dispatcherEnabled: r.bool('WEBHOOK_DISPATCHER_ENABLED', true),
      pollIntervalMs: r.int('WEBHOOK_POLL_INTERVAL_MS', 500, 10, 60_000),
      batchSize: r.int('WEBHOOK_BATCH_SIZE', 16, 1, 500),
      timeoutMs: r.int('WEBHOOK_TIMEOUT_MS', 5000, 100, 60_000),
      retryBaseMs: r.int('WEBHOOK_RETRY_BASE_MS', 5000, 1, 3_600_000),
      retryMaxMs: r.int('WEBHOOK_RETRY_MAX_MS', 3_600_000, 1, 86_400_000),
      retryWindowSeconds: r.int('WEBHOOK_RETRY_WINDOW_SECONDS', 86_400, 1, 7 * 86_400),
      sharePercentUnderLoad: r.int('WEBHOOK_SHARE_UNDER_LOAD_PERCENT', 10, 1, 100),
    },
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

/**
 * Development convenience: a JWT secret generated once and kept under DATA_DIR, so tokens survive
 * restarts. Never used in production, where a missing secret stops the start.
 */
export function withDevelopmentSecrets(env: Env): Env {
  if (env.NODE_ENV === 'production' || (env.JWT_ACCESS_SECRET ?? '').trim() !== '') return env;
  const dir = (env.DATA_DIR ?? '').trim() || '.data';
  const file = join(dir, 'secrets.json');
  let secrets: { jwtAccessSecret?: string } = {};
  if (existsSync(file)) secrets = JSON.parse(readFileSync(file, 'utf8')) as typeof secrets;
  if (!secrets.jwtAccessSecret) {
    secrets.jwtAccessSecret = randomBytes(48).toString('base64url');
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return { ...env, JWT_ACCESS_SECRET: secrets.jwtAccessSecret };
}
