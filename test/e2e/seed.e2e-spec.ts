import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@app/generated/prisma/client';
import { applyMigrations } from '@app/tooling/schema-engine';
import { DEMO, seedDemoData } from '@app/tooling/seed';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../support/test-database';

describe('demo seed', () => {
  const admin = process.env.E2E_ADMIN_URL as string;
  const name = uniqueDatabaseName('seed');
  const u = new URL(admin);
  u.pathname = `/${name}`;
  let prisma: PrismaClient;

  beforeAll(async () => {
    await createDatabase(admin, name);
    await applyMigrations(u.toString());
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: u.toString() }) });
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await dropDatabase(admin, name);
  });

  const counts = async () => ({
    companies: await prisma.company.count(),
    users: await prisma.user.count(),
    warehouses: await prisma.warehouse.count(),
    items: await prisma.item.count(),
    inventory: await prisma.inventory.count(),
    transactions: await prisma.transaction.count(),
  });

  it('loads the demo company once; running it again changes nothing', async () => {
    const first = await seedDemoData(prisma, 4);
    expect(first.created).toBe(true);
    const after = await counts();
    expect(after).toEqual({ companies: 1, users: 1, warehouses: 2, items: 2, inventory: 4, transactions: 6 });
    const again = await Promise.all([seedDemoData(prisma, 4), seedDemoData(prisma, 4)]);
    expect(again.map((r) => r.created)).toEqual([false, false]);
    expect(again[0].companyId).toBe(first.companyId);
    expect(await counts()).toEqual(after);
    const company = await prisma.company.findUniqueOrThrow({ where: { email: DEMO.companyEmail }, include: { users: true } });
    expect(company.name).toBe('Demo Warehouse Inc');
    expect(company.users[0]?.email).toBe('admin@demo.com');
  });

  it('leaves a consistent ledger: each inventory row equals its movements', async () => {
    const drift = await prisma.$queryRaw<unknown[]>`
      SELECT i.id FROM inventory i
       WHERE i.quantity <> (SELECT coalesce(sum(CASE t.type WHEN 'INBOUND' THEN t.quantity ELSE -t.quantity END), 0)
                              FROM transactions t WHERE t.warehouse_id = i.warehouse_id AND t.item_id = i.item_id)`;
    expect(drift).toEqual([]);
  });
});
