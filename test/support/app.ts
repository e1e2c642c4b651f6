import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { loadConfig, type AppConfig } from '@app/config/app-config';
import { PrismaPg } from '@prisma/adapter-pg';
import { createApp } from '@app/app.factory';
import { PrismaClient } from '@app/generated/prisma/client';
import { applyMigrations } from '@app/tooling/schema-engine';
import { createDatabase, urlWith, type AppRole } from './test-database';
import { buildOpenApiDocument } from '@app/common/http/openapi';
import { checkedAgent, ContractChecker, recordContractStats, type HttpOptions } from './contract';

export const TEST_JWT_SECRET = 'e2e-only-secret-0123456789abcdef0123456789abcdef';

export function e2eDatabaseUrl(): string {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run e2e tests through jest (global setup)');
  return url;
}

/** The run's non-superuser role that owns the e2e databases (see global-setup.ts). */
export function appRole(): AppRole {
  const role = process.env.E2E_APP_ROLE;
  if (!role) throw new Error('E2E_APP_ROLE is not set: run e2e tests through jest (global setup)');
  return JSON.parse(role) as AppRole;
}

/** The superuser connected to the database of `url` (bypasses row-level security: fixtures, assertions). */
export function adminUrlFor(url: string): string {
  const admin = process.env.E2E_ADMIN_URL;
  if (!admin) throw new Error('E2E_ADMIN_URL is not set: run e2e tests through jest (global setup)');
  return urlWith(admin, new URL(url).pathname.slice(1));
}

/**
 * A database of a suite's own, owned by the run's app role and migrated as it, like the shared one.
 * Returns the URL as the app role (for the API) and as the superuser (for fixtures).
 */
export async function createAppDatabase(name: string): Promise<{ url: string; adminUrl: string }> {
  const admin = process.env.E2E_ADMIN_URL as string;
  await createDatabase(admin, name, appRole().name);
  const url = urlWith(admin, name, appRole());
  await applyMigrations(url);
  return { url, adminUrl: urlWith(admin, name) };
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: e2eDatabaseUrl(),
    JWT_ACCESS_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent',
    JOBS_ENABLED: 'false',
    BCRYPT_COST: '10',
    AUTH_THROTTLE_IP_LIMIT: '100000',
    AUTH_THROTTLE_ACCOUNT_IP_LIMIT: '100000',
    AUTH_THROTTLE_ACCOUNT_LIMIT: '100000',
    DATABASE_POOL_SIZE: '5',
    // Suites share one database, and a dispatcher claims due deliveries of every company: only the webhook
    // suites run one (each on a database of its own), with the timings they assert on.
    WEBHOOK_DISPATCHER_ENABLED: 'false',
    ...overrides,
  });
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** The superuser on the app's database: sees every company (row-level security does not apply to it). */
  prisma: PrismaClient;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  port: number;
  /** The OpenAPI document every response is checked against (see contract.ts). */
  contract: ContractChecker;
  /**
   * A supertest agent: every response is checked against the OpenAPI document (test/support/contract.ts).
   * `{ undocumented: 'why' }` skips the check, for requests that are off the contract on purpose.
   */
  http(options?: HttpOptions): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Anything requests can be sent to: an app booted in this process, or an API process started by a test. */
export type HttpTarget = Pick<TestApp, 'http'>;

/** Boots the app on a random port of 127.0.0.1 (or of `host`, e.g. 0.0.0.0 for every interface). */
export async function bootApp(overrides: Record<string, string> = {}, host = '127.0.0.1'): Promise<TestApp> {
  const config = testConfig(overrides);
  const app = await createApp(config);
  // A real listening socket: supertest would otherwise listen/close per request, which breaks
  // when many requests run in parallel.
  await app.listen({ port: 0, host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: adminUrlFor(config.databaseUrl ?? e2eDatabaseUrl()), max: 3 }) });
  // The live document when Swagger is served, else the same document built in process.
  let contract: ContractChecker;
  try {
    const served = config.swaggerEnabled ? await request(baseUrl).get('/docs-json') : undefined;
    contract = new ContractChecker((served?.status === 200 ? served.body : buildOpenApiDocument(app)) as Record<string, unknown>);
  } catch (err) {
    await app.close();
    await prisma.$disconnect();
    throw err;
  }
  return {
    app,
    config,
    prisma,
    baseUrl,
    port,
    contract,
    http: (options?: HttpOptions) => checkedAgent(baseUrl, contract, options),
    close: async () => {
      recordContractStats(contract);
      await app.close();
      await prisma.$disconnect();
    },
  };
}

export const unique = (label: string): string => `${label}-${randomBytes(5).toString('hex')}`;

export interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
  companyId: string;
  email: string;
  password: string;
  auth: { Authorization: string };
}

export const STRONG_PASSWORD = 'correct horse battery staple';

/** Registers a fresh company with its admin. */
export async function registerCompany(t: HttpTarget, label = 'co'): Promise<Session> {
  const tag = unique(label);
  const email = `admin-${tag}@example.test`;
  const res = await t
    .http()
    .post('/api/v1/auth/register')
    .send({
      companyName: `Company ${tag}`,
      companyEmail: `contact-${tag}@example.test`,
      name: 'Admin User',
      email,
      password: STRONG_PASSWORD,
    });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return toSession(res.body, email, STRONG_PASSWORD);
}

export function toSession(
  body: { accessToken: string; refreshToken: string; user: { id: string; companyId: string } },
  email: string,
  password: string,
): Session {
  return {
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    userId: body.user.id,
    companyId: body.user.companyId,
    email,
    password,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

/** Creates a user with the given role in the admin's company and logs them in. */
export async function createMember(t: HttpTarget, admin: Session, role: 'ADMIN' | 'MANAGER' | 'USER'): Promise<Session> {
  const email = `${role.toLowerCase()}-${unique('u')}@example.test`;
  const created = await t
    .http()
    .post('/api/v1/users')
    .set(admin.auth)
    .send({ email, name: `${role} user`, password: STRONG_PASSWORD, role });
  if (created.status !== 201) throw new Error(`create user failed: ${created.status} ${JSON.stringify(created.body)}`);
  return login(t, email, STRONG_PASSWORD);
}

export async function login(t: HttpTarget, email: string, password: string): Promise<Session> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return toSession(res.body, email, password);
}
