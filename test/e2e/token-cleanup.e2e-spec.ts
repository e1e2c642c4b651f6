import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { TokenCleanupService } from '@app/auth/token-cleanup.service';
import { PrismaService } from '@app/database/prisma.service';
import { hashToken, newRefreshToken } from '@app/auth/tokens';
import { bootApp, createAppDatabase, registerCompany, testConfig, type TestApp } from '../support/app';
import { dropDatabase, uniqueDatabaseName } from '../support/test-database';
import { ROOT } from '../support/spawn-api';

const DAY = 86_400_000;

/**
 * The cleanup deletes across all companies, so this suite gets a database of its own: counting (or
 * deleting) rows of the suites running beside it in the shared e2e database would be flaky.
 */
describe('nightly refresh-token cleanup', () => {
  const admin = process.env.E2E_ADMIN_URL as string;
  const name = uniqueDatabaseName('token_cleanup');
  let databaseUrl: string;
  let t: TestApp;
  beforeAll(async () => {
    databaseUrl = (await createAppDatabase(name)).url;
    t = await bootApp({ DATABASE_URL: databaseUrl });
  });
  afterAll(async () => {
    await t.close();
    await dropDatabase(admin, name);
  });

  /** One token of each kind for a fresh user; returns their ids by kind. */
  async function seedTokens(): Promise<Record<string, string>> {
    const s = await registerCompany(t, 'cleanup');
    await t.prisma.refreshToken.deleteMany({ where: { userId: s.userId } });
    const make = async (data: { expiresAt: Date; isRevoked?: boolean; revokedAt?: Date; rotatedAt?: Date }) =>
      (
        await t.prisma.refreshToken.create({
          data: { tokenHash: hashToken(newRefreshToken()), userId: s.userId, companyId: s.companyId, familyId: randomUUID(), ...data },
        })
      ).id;
    return {
      expired: await make({ expiresAt: new Date(Date.now() - DAY) }),
      expiredRotated: await make({ expiresAt: new Date(Date.now() - 1000), rotatedAt: new Date(Date.now() - 2 * DAY) }),
      revokedOld: await make({ expiresAt: new Date(Date.now() + DAY), isRevoked: true, revokedAt: new Date(Date.now() - 31 * DAY) }),
      revokedRecent: await make({ expiresAt: new Date(Date.now() + DAY), isRevoked: true, revokedAt: new Date(Date.now() - 29 * DAY) }),
      // Revoked within the retention period, login expired since: still kept until 30 days after revocation.
      revokedRecentExpired: await make({
        expiresAt: new Date(Date.now() - DAY),
        isRevoked: true,
        revokedAt: new Date(Date.now() - 2 * DAY),
      }),
      revokedOldExpired: await make({
        expiresAt: new Date(Date.now() - 20 * DAY),
        isRevoked: true,
        revokedAt: new Date(Date.now() - 31 * DAY),
      }),
      rotatedLive: await make({ expiresAt: new Date(Date.now() + DAY), rotatedAt: new Date(Date.now() - DAY) }),
      live: await make({ expiresAt: new Date(Date.now() + 6 * DAY) }),
    };
  }

  const remaining = async (ids: Record<string, string>) =>
    Object.entries(ids)
      .filter(([, id]) => id)
      .map(async ([kind, id]) => ((await t.prisma.refreshToken.count({ where: { id } })) ? kind : undefined));

  it('deletes expired families and revoked tokens 30 days after revocation (even when their login expired earlier), and nothing else', async () => {
    const ids = await seedTokens();
    const result = await t.app.get(TokenCleanupService).run();
    expect(result.ran).toBe(true);
    expect(result.deleted).toBe(4);
    const kept = (await Promise.all(await remaining(ids))).filter(Boolean);
    expect(kept.sort()).toEqual(['live', 'revokedRecent', 'revokedRecentExpired', 'rotatedLive']);
  });

  it('two processes running it at once delete each row once', async () => {
    await t.app.get(TokenCleanupService).run(); // start from a clean slate
    const ids = await seedTokens();
    const config = testConfig({ DATABASE_URL: databaseUrl });
    const a = new PrismaService(config);
    const b = new PrismaService(config);
    try {
      const results = await Promise.all([new TokenCleanupService(a, config).run(), new TokenCleanupService(b, config).run()]);
      expect(results.reduce((n, r) => n + r.deleted, 0)).toBe(4);
      const kept = (await Promise.all(await remaining(ids))).filter(Boolean);
      expect(kept.sort()).toEqual(['live', 'revokedRecent', 'revokedRecentExpired', 'rotatedLive']);
    } finally {
      await a.onApplicationShutdown();
      await b.onApplicationShutdown();
    }
  });

  it('npm run tokens:cleanup runs the same work', async () => {
    const ids = await seedTokens();
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'scripts/tokens-cleanup.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, JWT_ACCESS_SECRET: 'x'.repeat(40) },
    });
    expect(stdout).toMatch(/Deleted 4 refresh tokens/);
    const kept = (await Promise.all(await remaining(ids))).filter(Boolean);
    expect(kept.sort()).toEqual(['live', 'revokedRecent', 'revokedRecentExpired', 'rotatedLive']);
  });
});
