import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { freePort } from '@app/tooling/embedded';
import { DEMO } from '@app/tooling/seed';
import { Client } from 'pg';
import { appRole, registerCompany, TEST_JWT_SECRET, type HttpTarget, type Session } from '../support/app';
import { checkedAgent, ContractChecker } from '../support/contract';
import { move, stocked, type Stocked } from '../support/fixtures';
import { redisServerMissing, startTestRedis, type TestRedis } from '../support/redis-server';
import { spawnApi, waitForReady, type RunningApi } from '../support/spawn-api';
import { createDatabase, dropDatabase, uniqueDatabaseName, urlWith } from '../support/test-database';
import { WebhookReceiver } from '../support/webhook-receiver';

const skipReason = redisServerMissing();
if (skipReason) console.log(`Skipping the multi-process tests: ${skipReason}`);

const PROCESSES = 3;
const IP_LIMIT = 8;

interface ApiProcess extends HttpTarget {
  api: RunningApi;
  baseUrl: string;
}

/** A wrong-password login sent from a chosen loopback address (a distinct client IP for the limiter). */
function loginFrom(baseUrl: string, localAddress: string, email: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${baseUrl}/api/v1/auth/login`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ email, password: 'not the password at all' }));
  });
}

async function readiness(p: ApiProcess): Promise<{ status: number; redis?: Record<string, unknown> }> {
  const res = await p.http().get('/health/ready');
  const body = res.body as { info?: { redis?: Record<string, unknown> } };
  return { status: res.status, redis: body.info?.redis };
}

const JOBS = ['token-cleanup', 'stock-verify', 'idempotency-cleanup'];

/**
 * The processes get a database of their own, empty at the start: they migrate it together, and their
 * nightly jobs (scheduled every second here) run across all of its companies. Each runs its webhook
 * dispatcher on that database, so the three compete for the same outbox and no other suite's do.
 */
(skipReason ? describe.skip : describe)('three API processes on one PostgreSQL and one Redis', () => {
  const adminUrl = process.env.E2E_ADMIN_URL as string;
  const database = uniqueDatabaseName('scale_out');
  // As the run's app role (owns the database, not superuser): the processes migrate it themselves.
  const databaseUrl = urlWith(adminUrl, database, appRole());
  let redis: TestRedis;
  let apis: ApiProcess[] = [];
  const receiver = new WebhookReceiver();
  let receiverUrl: string;

  beforeAll(async () => {
    await createDatabase(adminUrl, database, appRole().name);
    redis = await startTestRedis();
    receiverUrl = await receiver.start();
    const prefix = `test-${randomBytes(4).toString('hex')}:`;
    apis = await Promise.all(
      Array.from({ length: PROCESSES }, async () => {
        const port = await freePort();
        const api = spawnApi({
          NODE_ENV: 'test',
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL: databaseUrl,
          MIGRATE_ON_START: 'true',
          SEED_DEMO_DATA: 'true',
          LOG_LEVEL: 'info',
          JOBS_ENABLED: 'true',
          TOKEN_CLEANUP_CRON: '* * * * * *',
          STOCK_VERIFY_CRON: '* * * * * *',
          JWT_ACCESS_SECRET: TEST_JWT_SECRET,
          BCRYPT_COST: '4',
          DATABASE_POOL_SIZE: '4',
          REDIS_URL: redis.url,
          REDIS_KEY_PREFIX: prefix,
          AUTH_THROTTLE_IP_LIMIT: String(IP_LIMIT),
          AUTH_THROTTLE_ACCOUNT_IP_LIMIT: '1000',
          AUTH_THROTTLE_ACCOUNT_LIMIT: '1000',
          AUTH_THROTTLE_TTL_SECONDS: '600',
          WEBHOOK_DISPATCHER_ENABLED: 'true',
          // The receiver is on the loopback.
          WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
          WEBHOOK_POLL_INTERVAL_MS: '50',
        });
        const baseUrl = `http://127.0.0.1:${port}`;
        return { api, baseUrl, http: (): ReturnType<typeof request> => request(baseUrl) };
      }),
    );
    await Promise.all(apis.map((p) => waitForReady(p.baseUrl, 60_000, p.api)));
    // Every response from here on is checked against the live OpenAPI document, as t.http() does.
    const contract = new ContractChecker((await request(apis[0].baseUrl).get('/docs-json').expect(200)).body as Record<string, unknown>);
    for (const p of apis) p.http = (options) => checkedAgent(p.baseUrl, contract, options);
  }, 120_000);

  const stopAll = () =>
    Promise.all(
      apis.map(async (p) => {
        if (p.api.child.exitCode === null) p.api.child.kill('SIGTERM');
        await p.api.exited;
      }),
    );

  afterAll(async () => {
    await stopAll();
    await redis?.stop();
    await receiver.stop();
    await dropDatabase(adminUrl, database);
  });

  it('migrated and seeded the empty database once, though all three started on it at the same time', async () => {
    const db = new Client({ connectionString: urlWith(adminUrl, database) });
    await db.connect();
    try {
      const migrations = await db.query<{ name: string; n: string }>(
        'SELECT migration_name AS name, count(*)::text AS n FROM _prisma_migrations GROUP BY 1 HAVING count(*) > 1',
      );
      expect(migrations.rows).toEqual([]);
      const demo = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM companies WHERE email = $1', [DEMO.companyEmail]);
      expect(demo.rows[0]?.n).toBe('1');
    } finally {
      await db.end();
    }
  });

  it('reports Redis in /health/ready on every process', async () => {
    for (const p of apis) {
      expect(await readiness(p)).toEqual({ status: 200, redis: { status: 'up', rateLimits: 'shared' } });
    }
  });

  it('counts the per-IP login limit once across the processes', async () => {
    const statuses: number[] = [];
    // Round-robin over the three processes, as a load balancer would spread one client's attempts.
    for (let i = 0; i < IP_LIMIT + 4; i++) {
      statuses.push(await loginFrom(apis[i % PROCESSES].baseUrl, '127.0.0.31', `nobody-${i}@example.test`));
    }
    expect(statuses).toEqual([...Array<number>(IP_LIMIT).fill(401), 429, 429, 429, 429]);
    // In-memory counters would have allowed IP_LIMIT attempts per process.
  });

  describe('the stock rules hold across processes', () => {
    let admin: Session;
    let target: Stocked;

    beforeAll(async () => {
      admin = await registerCompany(apis[0], 'multi');
      target = await stocked(apis[1], admin, 100);
    });

    it('never oversells: 60 parallel OUTBOUNDs of 3 on 100 spread over the processes → exactly 33 succeed', async () => {
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => move(apis[i % PROCESSES], admin, 'OUTBOUND', target, 3)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(33);
      expect(statuses.filter((s) => s === 409)).toHaveLength(27);
      const inventory = await apis[2]
        .http()
        .get('/api/v1/inventory')
        .query({ warehouseId: target.warehouseId, itemId: target.itemId })
        .set(admin.auth);
      expect(inventory.status).toBe(200);
      expect((inventory.body as { items: { quantity: string }[] }).items.map((r) => Number(r.quantity))).toEqual([1]);
      const balances = results.filter((r) => r.status === 201).map((r) => Number((r.body as { balanceAfter: string }).balanceAfter));
      expect(new Set(balances).size).toBe(33); // each success saw a distinct balance: no lost update
    });

    it('never over-reserves: 50 parallel reservations of 3 on 100 spread over the processes → exactly 33', async () => {
      const shelf = await stocked(apis[0], admin, 100);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          apis[i % PROCESSES]
            .http()
            .post('/api/v1/reservations')
            .set(admin.auth)
            .send({ ...shelf, quantity: 3 }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(33);
      expect(results.filter((r) => r.status === 409)).toHaveLength(17);
      const rows = await apis[1].http().get('/api/v1/inventory').query(shelf).set(admin.auth);
      expect(rows.status).toBe(200);
      expect((rows.body as { items: { quantity: string; reserved: string; available: string }[] }).items).toEqual([
        expect.objectContaining({ quantity: '100.00', reserved: '99.00', available: '1.00' }),
      ]);
    });

    it('honours one Idempotency-Key once when the same request reaches every process at once', async () => {
      const key = `multi-${randomBytes(6).toString('hex')}`;
      const results = await Promise.all(
        Array.from({ length: 9 }, (_, i) => move(apis[i % PROCESSES], admin, 'INBOUND', target, 5, { 'Idempotency-Key': key })),
      );
      for (const r of results) expect([201, 409]).toContain(r.status);
      const created = results.filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThan(0);
      expect(new Set(created.map((r) => (r.body as { id: string }).id)).size).toBe(1);
      expect(created.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
      const history = await apis[0]
        .http()
        .get('/api/v1/transactions')
        .query({ warehouseId: target.warehouseId, itemId: target.itemId, type: 'INBOUND' })
        .set(admin.auth);
      expect(history.status).toBe(200);
      // The stocking INBOUND of 100 and exactly one of 5.
      expect((history.body as { items: { quantity: string }[] }).items.map((r) => Number(r.quantity)).sort((a, b) => a - b)).toEqual([
        5, 100,
      ]);
    });
  });

  it('delivers every webhook outbox row once, though three dispatchers poll the same outbox', async () => {
    const N = 45;
    const s = await registerCompany(apis[0], 'hooks');
    const endpoint = await apis[1]
      .http()
      .post('/api/v1/webhooks')
      .set(s.auth)
      .send({ url: receiverUrl, events: ['stock.moved'], description: 'scale-out receiver' });
    expect(endpoint.status).toBe(201);
    receiver.secret = (endpoint.body as { secret: string }).secret;
    const target = await stocked(apis[2], s, 0);
    // Movements spread over the processes, in parallel: each commits one outbox row (event + delivery).
    const moves = await Promise.all(Array.from({ length: N }, (_, i) => move(apis[i % PROCESSES], s, 'INBOUND', target, 1)));
    expect(moves.map((r) => r.status)).toEqual(Array<number>(N).fill(201));
    const movementIds = new Set(moves.map((r) => String((r.body as { id: string }).id)));
    const mine = () => receiver.ofType('stock.moved').filter((r) => movementIds.has(String(r.data.id)));
    await receiver.waitFor(() => new Set(mine().map((r) => r.data.id)).size === N, 30_000);

    // Every delivery row is finished after exactly one claim. A claim is the only way to send, so no
    // dispatcher can still hold a second copy in flight: what the receiver has now is final.
    const db = new Client({ connectionString: urlWith(adminUrl, database) });
    await db.connect();
    try {
      const deliveries = () =>
        db.query<{ event: string; status: string; attempts: number }>(
          'SELECT event_id::text AS event, status, attempts FROM webhook_deliveries WHERE company_id = $1',
          [s.companyId],
        );
      const deadline = Date.now() + 15_000;
      let rows = (await deliveries()).rows;
      // The receiver answers before the sender records SUCCEEDED: wait for the last records.
      while (rows.some((r) => r.status === 'PENDING') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        rows = (await deliveries()).rows;
      }
      expect(rows).toHaveLength(N);
      expect(rows.filter((r) => r.status !== 'SUCCEEDED' || r.attempts !== 1)).toEqual([]);
      // The receiver got each event exactly once, under the event's id, with a valid signature.
      const received = mine();
      expect(received).toHaveLength(N);
      expect(received.map((r) => r.id).sort()).toEqual(rows.map((r) => r.event).sort());
      expect(receiver.badSignatures).toBe(0);
      expect(receiver.refusedAttempts).toEqual([]);
    } finally {
      await db.end();
    }
  });

  it('keeps serving when Redis dies (limits fall back to process memory), and shares them again when it returns', async () => {
    await redis.kill();
    for (const p of apis) {
      expect(await loginFrom(p.baseUrl, '127.0.0.32', 'nobody@example.test')).toBe(401);
      const ready = await readiness(p);
      expect(ready.status).toBe(200);
      expect(ready.redis).toMatchObject({ status: 'up', rateLimits: 'per-process (Redis unreachable)' });
    }
    await redis.restart();
    // ioredis reconnects on its own (retry every ≤ 2 s); wait for each process to say so.
    for (const p of apis) {
      const deadline = Date.now() + 15_000;
      let ready = await readiness(p);
      while (ready.redis?.rateLimits !== 'shared' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        ready = await readiness(p);
      }
      expect(ready.redis).toEqual({ status: 'up', rateLimits: 'shared' });
    }
  });

  // Last: it stops the processes to read a final, complete record.
  it('runs each scheduled slot of every nightly job once, in one of the processes', async () => {
    const db = new Client({ connectionString: urlWith(adminUrl, database) });
    await db.connect();
    try {
      // Wait (bounded) until every job has run a few slots while all three processes were up.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { rows } = await db.query<{ job: string; n: number }>(
          'SELECT job, count(*)::int AS n FROM job_runs WHERE finished_at IS NOT NULL GROUP BY job',
        );
        if (JOBS.every((job) => (rows.find((r) => r.job === job)?.n ?? 0) >= 3)) break;
        if (Date.now() > deadline) throw new Error(`jobs did not run: ${JSON.stringify(rows)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      await stopAll();
      const { rows: runs } = await db.query<{ job: string; slot: Date; runner: string; outcome: string | null }>(
        'SELECT job, slot, runner, outcome FROM job_runs',
      );
      // Every run a process logged, across the three: one per (job, slot), each matching the recorded one.
      const claimed = apis.flatMap((p) =>
        p.api
          .output()
          .split('\n')
          .filter((line) => line.includes('claimed its slot'))
          .map((line) => JSON.parse(line) as { job: string; slot: string }),
      );
      const keys = claimed.map((c) => `${c.job} ${c.slot}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.sort()).toEqual(runs.map((r) => `${r.job} ${r.slot.toISOString()}`).sort());
      expect(runs.filter((r) => r.outcome !== null && r.outcome !== 'ok')).toEqual([]);
    } finally {
      await db.end();
    }
  });
});
