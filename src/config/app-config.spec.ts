import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, withDevelopmentSecrets } from './app-config';

const SECRET = 'a'.repeat(32);

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const c = loadConfig({ JWT_ACCESS_SECRET: SECRET });
    expect(c.port).toBe(3000);
    expect(c.env).toBe('development');
    expect(c.migrateOnStart).toBe(true);
    expect(c.bcryptCost).toBe(12);
    expect(c.jwt.accessTtlSeconds).toBe(900);
    expect(c.refresh).toEqual({ ttlDays: 7, reuseGraceSeconds: 0, cookieSecure: false });
    expect(c.bodyLimitBytes).toBe(1_048_576);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.jobs.webhookRetentionDays).toBe(30);
    expect(c.databasePoolIdleTimeoutSeconds).toBe(0);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ MIGRATE_ON_START: 'maybe' }, 'MIGRATE_ON_START'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgresql://a@h/d', DATABASE_MIGRATION_URL: 'mysql://x' }, 'DATABASE_MIGRATION_URL'],
    [{ DATABASE_MIGRATION_URL: 'postgresql://owner@h/d' }, 'DATABASE_MIGRATION_URL needs DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TOKEN_CLEANUP_CRON: 'every night' }, 'TOKEN_CLEANUP_CRON'],
    [{ CORS_ORIGINS: 'not a url' }, 'CORS_ORIGINS'],
    [{ WEBHOOK_RETENTION_DAYS: '0' }, 'WEBHOOK_RETENTION_DAYS'],
    [{ DATABASE_POOL_IDLE_TIMEOUT_SECONDS: '-1' }, 'DATABASE_POOL_IDLE_TIMEOUT_SECONDS'],
  ])('names the bad variable %j', (env, name) => {
    expect(() => loadConfig({ JWT_ACCESS_SECRET: SECRET, ...env })).toThrow(new RegExp(name));
  });

  it('migrates with DATABASE_MIGRATION_URL, by default the serving DATABASE_URL', () => {
    const serving = 'postgresql://inventory_app@db/inventory';
    expect(loadConfig({ JWT_ACCESS_SECRET: SECRET, DATABASE_URL: serving }).databaseMigrationUrl).toBe(serving);
    const owner = 'postgresql://inventory_owner@db/inventory';
    expect(loadConfig({ JWT_ACCESS_SECRET: SECRET, DATABASE_URL: serving, DATABASE_MIGRATION_URL: owner })).toMatchObject({
      databaseUrl: serving,
      databaseMigrationUrl: owner,
    });
  });

  it('requires a JWT secret of at least 32 bytes', () => {
    expect(() => loadConfig({})).toThrow(/JWT_ACCESS_SECRET is required/);
    expect(() => loadConfig({ JWT_ACCESS_SECRET: 'short' })).toThrow(/at least 32 bytes/);
  });

  it('in production requires DATABASE_URL and a real secret, and secures cookies', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems.join('\n')).toMatch(/DATABASE_URL is required/);
    expect(error?.problems.join('\n')).toMatch(/JWT_ACCESS_SECRET is required/);
    const c = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@h/db', JWT_ACCESS_SECRET: SECRET });
    expect(c.refresh.cookieSecure).toBe(true);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@h/db', JWT_ACCESS_SECRET: SECRET, BCRYPT_COST: '8' }),
    ).toThrow(/BCRYPT_COST/);
  });

  it('generates a development secret once and keeps it under DATA_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const first = withDevelopmentSecrets({ DATA_DIR: dir });
    const second = withDevelopmentSecrets({ DATA_DIR: dir });
    expect(first.JWT_ACCESS_SECRET).toBeDefined();
    expect(Buffer.byteLength(first.JWT_ACCESS_SECRET ?? '')).toBeGreaterThanOrEqual(32);
    expect(second.JWT_ACCESS_SECRET).toBe(first.JWT_ACCESS_SECRET);
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toContain(first.JWT_ACCESS_SECRET);
    expect(withDevelopmentSecrets({ NODE_ENV: 'production', DATA_DIR: dir }).JWT_ACCESS_SECRET).toBeUndefined();
  });

  it('HTTPS_ONLY: off by default, on in production, validated', () => {
    expect(loadConfig({ JWT_ACCESS_SECRET: SECRET }).httpsOnly).toBe(false);
    expect(loadConfig({ JWT_ACCESS_SECRET: SECRET, HTTPS_ONLY: 'true' }).httpsOnly).toBe(true);
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@h/db', JWT_ACCESS_SECRET: SECRET };
    expect(loadConfig(production).httpsOnly).toBe(true);
    expect(loadConfig({ ...production, HTTPS_ONLY: 'false' }).httpsOnly).toBe(false);
    expect(() => loadConfig({ JWT_ACCESS_SECRET: SECRET, HTTPS_ONLY: 'sometimes' })).toThrow(/HTTPS_ONLY must be true or false/);
  });

  it('login limits: tight per account and IP, a higher ceiling per account', () => {
    expect(loadConfig({ JWT_ACCESS_SECRET: SECRET }).throttle).toEqual({
      ttlSeconds: 60,
      ipLimit: 30,
      accountIpLimit: 10,
      accountLimit: 100,
    });
    expect(() => loadConfig({ JWT_ACCESS_SECRET: SECRET, AUTH_THROTTLE_ACCOUNT_IP_LIMIT: '0' })).toThrow(/AUTH_THROTTLE_ACCOUNT_IP_LIMIT/);
  });
});
