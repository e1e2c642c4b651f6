import { TENANT_PRISMA, type TenantPrisma } from '@app/database/database.module';
import { MissingTenantContextError, TenantContext } from '@app/database/tenant-context';
import { UnscopedModelError } from '@app/database/tenant-scope.extension';
import { bootApp, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, stocked } from '../support/fixtures';

/** Every operation of the scoped client, run as company A against company B's rows. */
describe('tenant-scoped Prisma client', () => {
  let t: TestApp;
  let db: TenantPrisma;
  let a: Session;
  let b: Session;
  let bWarehouse: string;
  let bItem: string;
  beforeAll(async () => {
    t = await bootApp();
    db = t.app.get<TenantPrisma>(TENANT_PRISMA);
    a = await registerCompany(t, 'scope-a');
    b = await registerCompany(t, 'scope-b');
    bWarehouse = (await createWarehouse(t, b)).id;
    bItem = (await createItem(t, b)).id;
    await stocked(t, b, 5);
    await createWarehouse(t, a);
  });
  afterAll(() => t.close());

  const asA = <T>(fn: () => Promise<T>): Promise<T> => TenantContext.run({ companyId: a.companyId, userId: a.userId, role: 'ADMIN' }, fn);
  const bWarehouseRow = () => t.prisma.warehouse.findUniqueOrThrow({ where: { id: bWarehouse } });

  it('reads: findUnique, findUniqueOrThrow, findFirst, findFirstOrThrow, findMany, count, aggregate, groupBy see nothing of B', async () => {
    await asA(async () => {
      expect(await db.warehouse.findUnique({ where: { id: bWarehouse } })).toBeNull();
      await expect(db.warehouse.findUniqueOrThrow({ where: { id: bWarehouse } })).rejects.toThrow();
      expect(await db.warehouse.findFirst({ where: { id: bWarehouse } })).toBeNull();
      await expect(db.warehouse.findFirstOrThrow({ where: { id: bWarehouse } })).rejects.toThrow();
      expect(await db.warehouse.findMany({ where: { companyId: b.companyId } })).toEqual([]);
      const mine = await db.warehouse.findMany();
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((w) => w.companyId === a.companyId)).toBe(true);
      expect(await db.warehouse.count({ where: { id: bWarehouse } })).toBe(0);
      expect((await db.inventory.aggregate({ _sum: { quantity: true } }))._sum.quantity).toBeNull();
      expect(await db.item.groupBy({ by: ['companyId'], _count: true })).toEqual([]);
      expect(await db.transaction.findMany()).toEqual([]);
      expect(await db.user.findMany({ where: { id: b.userId } })).toEqual([]);
    });
  });

  it('writes: update, updateMany, upsert, delete, deleteMany cannot touch B', async () => {
    const before = await bWarehouseRow();
    await asA(async () => {
      await expect(db.warehouse.update({ where: { id: bWarehouse }, data: { name: 'hacked' } })).rejects.toThrow();
      expect((await db.warehouse.updateMany({ where: { id: bWarehouse }, data: { name: 'hacked' } })).count).toBe(0);
      await expect(db.warehouse.delete({ where: { id: bWarehouse } })).rejects.toThrow();
      expect((await db.item.deleteMany({ where: { id: bItem } })).count).toBe(0);
      // upsert on B's row id: the scoped where misses it, so it tries to create, which the primary key refuses.
      await expect(
        db.warehouse.upsert({
          where: { id: bWarehouse },
          create: { id: bWarehouse, name: 'x', location: 'y', capacity: 1 } as never,
          update: { name: 'hacked' },
        }),
      ).rejects.toThrow();
    });
    expect(await bWarehouseRow()).toEqual(before);
  });

  it('creates: create and createMany are stamped with the company of the context', async () => {
    await asA(async () => {
      const w = await db.warehouse.create({ data: { name: 'Mine', location: 'Here', capacity: 10, companyId: b.companyId } });
      expect(w.companyId).toBe(a.companyId);
      await db.warehouse.createMany({ data: [{ name: 'Mine2', location: 'Here', capacity: 10, companyId: b.companyId }] });
    });
    expect(await t.prisma.warehouse.count({ where: { companyId: b.companyId, name: { startsWith: 'Mine' } } })).toBe(0);
  });

  it('the company model is pinned to the context', async () => {
    await asA(async () => {
      expect(await db.company.findFirst({ where: { id: b.companyId } })).toBeNull();
      expect((await db.company.findFirst())?.id).toBe(a.companyId);
      await expect(db.company.update({ where: { id: b.companyId }, data: { name: 'hacked' } })).rejects.toThrow();
    });
  });

  it('fails closed: no tenant in context means no query, and unscoped models are refused', async () => {
    await expect(db.warehouse.findMany()).rejects.toThrow(MissingTenantContextError);
    await expect(db.warehouse.count()).rejects.toThrow(MissingTenantContextError);
    await asA(async () => {
      await expect(db.company.findMany()).rejects.toThrow(UnscopedModelError);
      const tokens = await db.refreshToken.findMany({ select: { companyId: true }, distinct: ['companyId'] });
      expect(tokens).toEqual([{ companyId: a.companyId }]);
    });
  });
});
