import * as bcrypt from 'bcrypt';
import { Prisma, type PrismaClient } from '@app/generated/prisma/client';

export const DEMO = {
  companyName: 'Demo Warehouse Inc',
  companyEmail: 'demo@warehouse.com',
  adminEmail: 'admin@demo.com',
  adminPassword: 'password123',
  adminName: 'Demo Admin',
} as const;

export interface SeedResult {
  created: boolean;
  companyId: string;
}

/**
 * Loads the demo company of the design card: an admin, two warehouses, two items, some stock and
 * the movements that explain it. Idempotent: a second run finds the company and changes nothing.
 * Movements are written with their balances so the ledger invariant holds from the start.
 */
export async function seedDemoData(prisma: PrismaClient, bcryptCost = 12): Promise<SeedResult> {
  const existing = await prisma.company.findUnique({ where: { email: DEMO.companyEmail }, select: { id: true } });
  if (existing) return { created: false, companyId: existing.id };
  const passwordHash = await bcrypt.hash(DEMO.adminPassword, bcryptCost);
  try {
    return await createDemo(prisma, passwordHash);
  } catch (err) {
    // Several processes starting at once on an empty database: the first insert of the company wins,
    // the others' transactions abort on its unique e-mail and find the company it created.
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    const winner = await prisma.company.findUniqueOrThrow({ where: { email: DEMO.companyEmail }, select: { id: true } });
    return { created: false, companyId: winner.id };
  }
}

function createDemo(prisma: PrismaClient, passwordHash: string): Promise<SeedResult> {
  return prisma.$transaction(async (tx) => {
    // Serialises concurrent seeders: the loser's insert conflicts and the transaction aborts.
    const company = await tx.company.create({ data: { name: DEMO.companyName, email: DEMO.companyEmail } });
    // Row-level security: the rest of the transaction acts as the new company (transaction-local setting).
    await tx.$executeRaw`SELECT set_config('app.company_id', ${company.id}, true)`;
    const admin = await tx.user.create({
      data: { companyId: company.id, email: DEMO.adminEmail, passwordHash, name: DEMO.adminName, role: 'ADMIN' },
    });
    const main = await tx.warehouse.create({
      data: { companyId: company.id, name: 'Main Warehouse', location: 'Seoul', capacity: '1000' },
    });
    const secondary = await tx.warehouse.create({
      data: { companyId: company.id, name: 'Secondary Storage', location: 'Busan', capacity: '500' },
    });
    const widget = await tx.item.create({
      data: {
        companyId: company.id,
        sku: 'ITEM-001',
        name: 'Widget A',
        unitOfMeasure: 'EA',
        category: 'Parts',
        reorderThreshold: 50,
        volumePerUnit: '0.5',
      },
    });
    const component = await tx.item.create({
      data: {
        companyId: company.id,
        sku: 'ITEM-002',
        name: 'Component B',
        unitOfMeasure: 'KG',
        category: 'Raw Materials',
        reorderThreshold: 100,
        volumePerUnit: '0.1',
      },
    });
    const movements: Array<{ warehouseId: string; itemId: string; type: 'INBOUND' | 'OUTBOUND'; quantity: number; notes: string }> = [
      { warehouseId: main.id, itemId: widget.id, type: 'INBOUND', quantity: 200, notes: 'Opening stock' },
      { warehouseId: main.id, itemId: widget.id, type: 'OUTBOUND', quantity: 40, notes: 'Order #1001' },
      { warehouseId: main.id, itemId: component.id, type: 'INBOUND', quantity: 500, notes: 'Opening stock' },
      { warehouseId: secondary.id, itemId: widget.id, type: 'INBOUND', quantity: 30, notes: 'Transfer in' },
      { warehouseId: secondary.id, itemId: component.id, type: 'INBOUND', quantity: 80, notes: 'Opening stock' },
      { warehouseId: secondary.id, itemId: component.id, type: 'OUTBOUND', quantity: 25, notes: 'Order #1002' },
    ];
    const rows = new Map<string, { quantity: number; sequence: number }>();
    // The company-wide stock of each item and its movement order (item_stock), as every movement keeps it.
    const items = new Map<string, { quantity: number; sequence: number }>();
    for (const m of movements) {
      const key = `${m.warehouseId}:${m.itemId}`;
      const previous = rows.get(key) ?? { quantity: 0, sequence: 0 };
      const row = { quantity: previous.quantity + (m.type === 'INBOUND' ? m.quantity : -m.quantity), sequence: previous.sequence + 1 };
      rows.set(key, row);
      const item = items.get(m.itemId) ?? { quantity: 0, sequence: 0 };
      items.set(m.itemId, { quantity: item.quantity + (m.type === 'INBOUND' ? m.quantity : -m.quantity), sequence: item.sequence + 1 });
      await tx.transaction.create({
        data: {
          companyId: company.id,
          createdBy: admin.id,
          warehouseId: m.warehouseId,
          itemId: m.itemId,
          type: m.type,
          quantity: String(m.quantity),
          balanceAfter: String(row.quantity),
          sequence: row.sequence,
          notes: m.notes,
          itemSequence: items.get(m.itemId)?.sequence,
          averageCostAfter: '0',
        },
      });
    }
    for (const [itemId, item] of items) {
      // (creating the item created its item_stock row: migration 20261122120000_running_totals)
      await tx.itemStock.update({ where: { itemId }, data: { quantity: String(item.quantity), lastSequence: item.sequence } });
    }
    for (const [key, row] of rows) {
      const [warehouseId, itemId] = key.split(':') as [string, string];
      await tx.inventory.create({
        data: {
          companyId: company.id,
          warehouseId,
          itemId,
          quantity: String(row.quantity),
          lastSequence: row.sequence,
          lastRestockedAt: new Date(),
        },
      });
    }
    return { created: true, companyId: company.id };
  });
}
