import type { PoolClient } from 'pg';
import { PrismaService } from '@app/database/prisma.service';
import { testConfig } from '../support/app';

/**
 * The API's pool keeps its connections (DATABASE_POOL_IDLE_TIMEOUT_SECONDS, default 0: until the process
 * ends). pg-pool's own default closed a connection after 10 s idle, so each burst after a calmer spell
 * opened connections anew and waited for their cold backends (docs/benchmarks.md, "Fixed rate").
 */
describe('connection pool: idle connections', () => {
  const opened: PrismaService[] = [];
  const pool = (env: Record<string, string> = {}) => {
    const prisma = new PrismaService(testConfig(env));
    opened.push(prisma);
    return prisma.pool;
  };
  /** Opens `n` connections at once and gives them back: the pool then holds them idle. */
  const holdAndRelease = async (p: PrismaService['pool'], n: number) => {
    const clients: PoolClient[] = await Promise.all(Array.from({ length: n }, () => p.connect()));
    for (const c of clients) c.release();
  };

  afterAll(async () => {
    for (const prisma of opened) await prisma.onApplicationShutdown();
  });

  it('keeps idle connections by default (pg-pool closes none when the timeout is 0)', async () => {
    const p = pool();
    await holdAndRelease(p, 3);
    expect(p.idleCount).toBe(3);
    expect((p as unknown as { options: { idleTimeoutMillis: number } }).options.idleTimeoutMillis).toBe(0);
  });

  it('closes them after the configured idle time when one is set', async () => {
    const p = pool({ DATABASE_POOL_IDLE_TIMEOUT_SECONDS: '1' });
    // Listening before the release: both timers may fire in the same turn of the event loop.
    let removed = 0;
    const bothRemoved = new Promise<void>((resolve) =>
      p.on('remove', () => {
        if (++removed === 2) resolve();
      }),
    );
    await holdAndRelease(p, 2);
    expect(p.idleCount).toBe(2);
    await bothRemoved;
    expect(p.totalCount).toBe(0);
  });
});
