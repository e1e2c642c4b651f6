import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { loadConfig, type AppConfig } from '@app/config/app-config';
import { createApp } from '@app/app.factory';
import { PrismaService } from '@app/database/prisma.service';

export const TEST_JWT_SECRET = 'e2e-only-secret-0123456789abcdef0123456789abcdef';

export function e2eDatabaseUrl(): string {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run e2e tests through jest (global setup)');
  return url;
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: e2eDatabaseUrl(),
    JWT_ACCESS_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    BCRYPT_COST: '10',
    AUTH_THROTTLE_IP_LIMIT: '100000',
    AUTH_THROTTLE_ACCOUNT_IP_LIMIT: '100000',
    AUTH_THROTTLE_ACCOUNT_LIMIT: '100000',
    DATABASE_POOL_SIZE: '5',
    ...overrides,
  });
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  prisma: PrismaService;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  port: number;
  http(): ReturnType<typeof request>;
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
  return {
    app,
    config,
    prisma: app.get(PrismaService),
    baseUrl,
    port,
    http: () => request(baseUrl),
    close: () => app.close(),
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
