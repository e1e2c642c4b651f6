/**
 * Issue 14 measurements (node -r @swc-node/register bench/integration.ts [--quick]):
 *   1. movements/s with no webhook endpoint vs with 3 endpoints subscribed to stock.moved (outbox triggers);
 *   2. delivery lag (event committed → received) p50/p99 to a local receiver;
 *   3. CSV export of 1,000,000 movements: rows/s and the API process's RSS sampled during the stream.
 * One process hosts the API, the load and the receiver (2-core machine): the ratios are what matter.
 */
import { createServer, get, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { applyMigrations } from '../src/tooling/schema-engine';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher';
import {
  createAppRole,
  createDatabase,
  dropAppRole,
  dropDatabase,
  startTestServer,
  uniqueDatabaseName,
  urlWith,
} from '../test/support/test-database';

const QUICK = process.argv.includes('--quick');
const ARM_SECONDS = QUICK ? 5 : 10;
const EXPORT_ROWS = QUICK ? 200_000 : 1_000_000;
const WORKERS = 16;
const log = (...a: unknown[]) => console.log(`[bench-integration ${new Date().toISOString().slice(11, 19)}]`, ...a);

function call(
  base: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${base}${path}`,
      {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(data ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function movementsPerSecond(base: string, token: string, warehouseId: string, itemId: string): Promise<number> {
  const until = Date.now() + ARM_SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (Date.now() < until) {
        const res = await call(base, 'POST', '/api/v1/transactions', token, { type: 'INBOUND', warehouseId, itemId, quantity: '1' });
        if (res.status !== 201) throw new Error(`movement: ${res.status}`);
        done += 1;
      }
    }),
  );
  return done / ARM_SECONDS;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function main(): Promise<void> {
  const server = await startTestServer();
  const name = uniqueDatabaseName('bench_integration');
  const role = await createAppRole(server.adminUrl);
  await createDatabase(server.adminUrl, name, role.name);
  const url = urlWith(server.adminUrl, name, role);
  const adminDbUrl = urlWith(server.adminUrl, name);
  await applyMigrations(url);

  // The receiver: 204 for everything, lag measured from the event's timestamp (its commit, within ms).
  const lags: number[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string };
      lags.push(Date.now() - new Date(body.timestamp).getTime());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    JWT_ACCESS_SECRET: 'bench-integration-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    BCRYPT_COST: '4',
    AUTH_THROTTLE_IP_LIMIT: '100000',
    AUTH_THROTTLE_ACCOUNT_IP_LIMIT: '100000',
    AUTH_THROTTLE_ACCOUNT_LIMIT: '100000',
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    WEBHOOK_POLL_INTERVAL_MS: '50',
    // Started by hand after the throughput arms: they measure the write path (triggers + outbox rows);
    // a dispatcher in this same process would compete with the load generator for the 2 cores.
    WEBHOOK_DISPATCHER_ENABLED: 'false',
    WEBHOOK_BATCH_SIZE: '32',
  });
  const app = await createApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const results: Record<string, unknown> = { mode: QUICK ? 'quick' : 'full', armSeconds: ARM_SECONDS, workers: WORKERS };
  try {
    const reg = await call(base, 'POST', '/api/v1/auth/register', null, {
      companyName: 'Bench Co',
      companyEmail: 'bench-co@example.test',
      name: 'Bench Admin',
      email: 'bench-admin@example.test',
      password: 'bench password 12345',
    });
    const token = String(reg.body.accessToken);
    const wh = String(
      (await call(base, 'POST', '/api/v1/warehouses', token, { name: 'Bench WH', location: 'Dock', capacity: '100000000' })).body.id,
    );
    const items = await Promise.all(
      [1, 2].map(async (i) =>
        String((await call(base, 'POST', '/api/v1/items', token, { sku: `BENCH-${i}`, name: `Bench ${i}`, unitOfMeasure: 'EA' })).body.id),
      ),
    );

    log('arm: no webhook endpoint');
    const without = await movementsPerSecond(base, token, wh, items[0]);
    for (let i = 0; i < 3; i += 1) {
      const res = await call(base, 'POST', '/api/v1/webhooks', token, { url: hookUrl, events: ['stock.moved', 'stock.low'] });
      if (res.status !== 201) throw new Error(`webhook: ${res.status} ${JSON.stringify(res.body)}`);
    }
    log('arm: 3 endpoints subscribed to stock.moved');
    const withHooks = await movementsPerSecond(base, token, wh, items[1]);
    results.movements = {
      withoutWebhooksPerSecond: Math.round(without),
      with3EndpointsPerSecond: Math.round(withHooks),
      ratio: Math.round((withHooks / without) * 1000) / 10,
    };
    const backlog = Math.round(withHooks * ARM_SECONDS) * 3;
    const drainStart = Date.now();
    app.get(WebhookDispatcher).start();
    const deadline = Date.now() + 300_000;
    while (lags.length < backlog && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const drainSeconds = (Date.now() - drainStart) / 1000;
    // Lag under a steady load the dispatcher keeps up with: 2 workers moving stock for ARM_SECONDS.
    lags.length = 0;
    const until = Date.now() + ARM_SECONDS * 1000;
    let moved = 0;
    await Promise.all(
      [0, 1].map(async () => {
        while (Date.now() < until) {
          await call(base, 'POST', '/api/v1/transactions', token, { type: 'INBOUND', warehouseId: wh, itemId: items[1], quantity: '1' });
          moved += 1;
          await new Promise((r) => setTimeout(r, 20));
        }
      }),
    );
    while (lags.length < moved * 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    results.delivery = {
      backlogDeliveries: backlog,
      backlogDrainPerSecond: Math.round(backlog / drainSeconds),
      steadyMovementsPerSecond: Math.round(moved / ARM_SECONDS),
      steadyDeliveries: lags.length,
      lagP50Ms: pct(lags, 50),
      lagP99Ms: pct(lags, 99),
      lagMaxMs: pct(lags, 100),
    };
    log(results);

    log(`seeding ${EXPORT_ROWS} movements`);
    const admin = new Client({ connectionString: adminDbUrl });
    await admin.connect();
    const { rows } = await admin.query<{ id: string; company_id: string }>('SELECT id, company_id FROM users LIMIT 1');
    const user = rows[0];
    await admin.query('ALTER TABLE transactions DISABLE TRIGGER transactions_webhook'); // seeding only, not measured
    await admin.query(
      `INSERT INTO transactions (type, warehouse_id, item_id, quantity, balance_after, sequence, company_id, created_by, created_at, notes)
       SELECT 'INBOUND', $1, $2, 1, n, 1000000 + n, $3, $4, now() + n * interval '1 millisecond', 'bulk row ' || n FROM generate_series(1, $5::int) n`,
      [wh, items[0], user.company_id, user.id, EXPORT_ROWS],
    );
    await admin.query('ALTER TABLE transactions ENABLE TRIGGER transactions_webhook');
    await admin.end();

    log('export: transactions.csv');
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(process.memoryUsage().rss), 50);
    const started = Date.now();
    const { bytes, lines } = await new Promise<{ bytes: number; lines: number }>((resolve, reject) => {
      get(`${base}/api/v1/exports/transactions.csv`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        let b = 0;
        let n = 0;
        res.on('data', (c: Buffer) => {
          b += c.length;
          for (let i = 0; i < c.length; i += 1) if (c[i] === 10) n += 1;
        });
        res.on('end', () => resolve({ bytes: b, lines: n }));
        res.on('error', reject);
      }).on('error', reject);
    });
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    const mb = (x: number) => Math.round((x / 1048576) * 10) / 10;
    const quarter = (q: number) => mb(samples[Math.min(samples.length - 1, Math.floor((q * samples.length) / 4))] ?? NaN);
    results.export = {
      rows: lines - 1,
      megabytes: mb(bytes),
      seconds: Math.round(seconds * 10) / 10,
      rowsPerSecond: Math.round((lines - 1) / seconds),
      rssBaselineMb: mb(baseline),
      rssPeakMb: mb(Math.max(...samples)),
      rssAtQuartersMb: [quarter(1), quarter(2), quarter(3), quarter(4)],
    };
    log(results);
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await app.close();
    receiver.close();
    await dropDatabase(server.adminUrl, name);
    await dropAppRole(server.adminUrl, role.name);
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
