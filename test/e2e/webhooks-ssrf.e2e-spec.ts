import { bootApp, createAppDatabase, registerCompany, type Session, type TestApp } from '../support/app';
import { move, stocked } from '../support/fixtures';
import { WebhookReceiver } from '../support/webhook-receiver';
import { dropDatabase, uniqueDatabaseName } from '../support/test-database';

describe('webhooks with the SSRF guard on (WEBHOOK_ALLOW_PRIVATE_URLS=false)', () => {
  let t: TestApp;
  let s: Session;
  const receiver = new WebhookReceiver();
  let url: string;
  const database = uniqueDatabaseName('webhooks_ssrf');

  beforeAll(async () => {
    url = await receiver.start();
    // A database of its own: no other suite's deliveries, and no other dispatcher claiming this one's.
    const own = await createAppDatabase(database);
    t = await bootApp({
      DATABASE_URL: own.url,
      WEBHOOK_DISPATCHER_ENABLED: 'true',
      WEBHOOK_ALLOW_PRIVATE_URLS: 'false',
      WEBHOOK_POLL_INTERVAL_MS: '20',
      WEBHOOK_RETRY_BASE_MS: '20',
      WEBHOOK_RETRY_MAX_MS: '50',
      WEBHOOK_RETRY_WINDOW_SECONDS: '1',
    });
    s = await registerCompany(t, 'ssrf');
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
    await dropDatabase(process.env.E2E_ADMIN_URL as string, database);
  });

  it.each([
    'http://127.0.0.1:9/hooks',
    'http://localhost:9/x',
    'http://[::1]/x',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.1/x',
    'http://[::ffff:127.0.0.1]/x',
  ])('refuses %s at creation, naming url', async (target) => {
    const res = await t
      .http()
      .post('/api/v1/webhooks')
      .set(s.auth)
      .send({ url: target, events: ['stock.moved'] });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^url /);
  });

  it('re-checks at delivery time (an address that became private), retries, then marks the delivery FAILED', async () => {
    // As if the host had resolved to a public address at creation and to the loopback later (DNS rebinding).
    const endpoint = await t.prisma.webhookEndpoint.create({
      data: { companyId: s.companyId, url, events: ['stock.moved'], secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` },
    });
    const target = await stocked(t, s, 0);
    expect((await move(t, s, 'INBOUND', target, 1)).status).toBe(201);
    // The dispatcher queues the delivery (fan-out), tries it, retries, then gives up.
    let delivery = await t.prisma.webhookDelivery.findFirst({ where: { endpointId: endpoint.id } });
    const deadline = Date.now() + 15_000;
    while (delivery?.status !== 'FAILED' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100)); // polling a database state the test cannot await otherwise
      delivery = await t.prisma.webhookDelivery.findFirst({ where: { endpointId: endpoint.id } });
    }
    expect(delivery).toMatchObject({ status: 'FAILED', lastResponseCode: null });
    expect(delivery?.lastError).toMatch(/private/);
    expect(delivery?.attempts).toBeGreaterThanOrEqual(2);
    expect(receiver.accepted).toHaveLength(0);
    expect(receiver.refusedAttempts).toHaveLength(0);
  });
});
