import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import { PrismaClient } from '@app/generated/prisma/client';
import { applyMigrations } from '@app/tooling/schema-engine';
import { seedDemoData } from '@app/tooling/seed';
import { bootApp, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, move } from '../support/fixtures';
import { ROOT } from '../support/spawn-api';
import { captureSql } from '../support/captured-sql';
import { DashboardRepository } from '@app/dashboard/dashboard.repository';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../support/test-database';

describe('dashboard', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp();
    s = await registerCompany(t, 'dash');
    const big = await createWarehouse(t, s, { capacity: '100' });
    const small = await createWarehouse(t, s, { capacity: '1000' });
    const bulky = await createItem(t, s, { volumePerUnit: '1', reorderThreshold: 100 });
    const tiny = await createItem(t, s, { volumePerUnit: '0.01', reorderThreshold: 5 });
    await createItem(t, s); // no stock, no threshold
    await move(t, s, 'INBOUND', { warehouseId: big.id, itemId: bulky.id }, 85).expect(201); // 85 % of 100 m³
    await move(t, s, 'INBOUND', { warehouseId: small.id, itemId: tiny.id }, 10).expect(201);
    await move(t, s, 'OUTBOUND', { warehouseId: small.id, itemId: tiny.id }, 2).expect(201);
  });
  afterAll(() => t.close());

  it('stats: counts, total quantity, low stock, warehouses over 80 %', async () => {
    const res = await t.http().get('/api/v1/dashboard/stats').set(s.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      warehouseCount: 2,
      itemCount: 3,
      totalQuantity: '93.00',
      lowStockCount: 1,
      warehousesOverUtilizationThreshold: 1,
    });
    expect(res.body.busyWarehouses).toEqual([expect.objectContaining({ utilization: '85.00' })]);
  });

  it('warehouse detail shows utilization, item count, total and the warning flag', async () => {
    const list = (await t.http().get('/api/v1/warehouses').set(s.auth)).body.items;
    const busy = list.find((w: { capacity: string }) => w.capacity === '100.00');
    expect(busy).toMatchObject({ currentUtilization: '85.00', capacityWarning: true, itemCount: 1, totalQuantity: '85.00' });
  });

  it('recent transactions: newest first, limited', async () => {
    const res = await t.http().get('/api/v1/dashboard/recent-transactions').query({ limit: 2 }).set(s.auth);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toMatchObject({ type: 'OUTBOUND', quantity: '2.00' });
    expect((await t.http().get('/api/v1/dashboard/recent-transactions').query({ limit: 500 }).set(s.auth)).status).toBe(400);
  });

  it('low stock: items whose total is at or below their threshold', async () => {
    const res = await t.http().get('/api/v1/dashboard/low-stock').set(s.auth);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({ reorderThreshold: 100, totalQuantity: '85.00' });
  });

  it('low stock: most urgent first, ties by SKU, exact at the page edge', async () => {
    // Its own company: the order and the total are over every low item of the company.
    const c = await registerCompany(t, 'dash-low');
    const warehouse = await createWarehouse(t, c);
    const lowItem = async (sku: string, threshold: number, stock: number): Promise<void> => {
      const item = await createItem(t, c, { sku: `${c.companyId.slice(0, 8)}-${sku}`, reorderThreshold: threshold });
      await move(t, c, 'INBOUND', { warehouseId: warehouse.id, itemId: item.id }, stock).expect(201);
    };
    // Stock minus threshold: A −5, M −3 and B −3 (tied; M created first), D −1; E is not low.
    await lowItem('A', 10, 5);
    await lowItem('M', 10, 7);
    await lowItem('B', 13, 10);
    await lowItem('D', 10, 9);
    await lowItem('E', 10, 11);
    const page = async (limit: number): Promise<{ skus: string[]; total: number }> => {
      const res = await t.http().get('/api/v1/dashboard/low-stock').set(c.auth).query({ limit });
      expect(res.status).toBe(200);
      return { skus: res.body.items.map((i: { sku: string }) => i.sku.split('-')[1]), total: res.body.total };
    };
    // The second place is a tie between M and B: B wins on SKU although M is first in the index.
    expect(await page(2)).toEqual({ skus: ['A', 'B'], total: 4 });
    expect(await page(3)).toEqual({ skus: ['A', 'B', 'M'], total: 4 });
    expect(await page(10)).toEqual({ skus: ['A', 'B', 'M', 'D'], total: 4 });
    // A renamed SKU takes its new place among the ties (item_stock keeps a copy for the index's order).
    const list = await t.http().get('/api/v1/items').set(c.auth).query({ search: `${c.companyId.slice(0, 8)}-B` }).expect(200);
    const b = (list.body.items as Array<{ id: string; sku: string }>).find((i) => i.sku.endsWith('-B'));
    await t
      .http()
      .patch(`/api/v1/items/${b?.id}`)
      .set(c.auth)
      .send({ sku: `${c.companyId.slice(0, 8)}-N` })
      .expect(200);
    expect(await page(2)).toEqual({ skus: ['A', 'M'], total: 4 });
    expect(await page(3)).toEqual({ skus: ['A', 'M', 'N'], total: 4 });
  });

  it('low stock: the page is read from the index in its order, not sorted from every tied item', async () => {
    const c = await registerCompany(t, 'dash-low-plan');
    const warehouse = await createWarehouse(t, c);
    for (let i = 0; i < 3; i += 1) {
      const item = await createItem(t, c, { reorderThreshold: 10 });
      await move(t, c, 'INBOUND', { warehouseId: warehouse.id, itemId: item.id }, 1).expect(201);
    }
    // The page's query as the repository sends it, planned with the tables treated as large.
    const [page] = await captureSql(c.companyId, c.companyId, (sql) => new DashboardRepository(sql).lowStock(2));
    const plan = await t.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      await tx.$executeRawUnsafe(`SELECT set_config('app.company_id', '${c.companyId}', true)`);
      return tx.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN (COSTS OFF) ${page.text}`, ...page.values);
    });
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('item_stock_low_idx');
    expect(text).not.toMatch(/Sort/);
  });

  it('stock:verify reports no drift, then reports a tampered row and exits 1', async () => {
    // A database of its own: the check reads every company (so it would count the rows of suites running
    // beside it, and wait for their job lock), and a tampered row must not show up in their checks.
    const admin = process.env.E2E_ADMIN_URL as string;
    const name = uniqueDatabaseName('stock_verify');
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();
    const verify = () =>
      promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'scripts/stock-verify.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, JWT_ACCESS_SECRET: 'x'.repeat(40) },
      });
    await createDatabase(admin, name);
    try {
      await applyMigrations(databaseUrl);
      const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
      try {
        await seedDemoData(prisma, 4);
      } finally {
        await prisma.$disconnect();
      }
      expect((await verify()).stdout).toMatch(/OK: 4 inventory rows in 1 companies/);
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      let tampered: string;
      try {
        const { rows } = await client.query<{ warehouse_id: string }>(
          'UPDATE inventory SET quantity = quantity + 1 WHERE id = (SELECT id FROM inventory ORDER BY id LIMIT 1) RETURNING warehouse_id::text',
        );
        tampered = rows[0]?.warehouse_id ?? '';
      } finally {
        await client.end();
      }
      const failed = await verify().then(
        () => undefined,
        (err: { code: number; stdout: string }) => err,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stdout).toMatch(/DRIFT in 1 rows/);
      expect(failed?.stdout).toContain(tampered);
    } finally {
      await dropDatabase(admin, name);
    }
  });
});
