import { scopeArgs, UnscopedModelError } from './tenant-scope.extension';
import { TenantContext, MissingTenantContextError } from './tenant-context';

const A = '11111111-1111-4111-8111-111111111111';

describe('scopeArgs', () => {
  const whereOps = [
    'findUnique',
    'findUniqueOrThrow',
    'findFirst',
    'findFirstOrThrow',
    'findMany',
    'count',
    'aggregate',
    'groupBy',
    'update',
    'updateMany',
    'updateManyAndReturn',
    'delete',
    'deleteMany',
  ];

  it.each(whereOps)('%s gets the company ANDed into its where, so asking for another company finds nothing', (op) => {
    const out = scopeArgs('Warehouse', op, { where: { id: 'w1', companyId: 'someone-else' } }, A);
    expect(out.where).toEqual({ id: 'w1', companyId: 'someone-else', AND: [{ companyId: A }] });
  });

  it.each(whereOps)('%s without a where is scoped too, and existing AND clauses are kept', (op) => {
    expect(scopeArgs('Item', op, {}, A).where).toEqual({ AND: [{ companyId: A }] });
    expect(scopeArgs('Item', op, { where: { AND: { sku: 'X' } } }, A).where).toEqual({ AND: [{ sku: 'X' }, { companyId: A }] });
  });

  it('create and createMany get the company in their data, overriding any given', () => {
    expect(scopeArgs('Item', 'create', { data: { sku: 'X', companyId: 'other' } }, A).data).toEqual({ sku: 'X', companyId: A });
    expect(scopeArgs('Item', 'createMany', { data: [{ sku: 'X' }, { sku: 'Y', companyId: 'other' }] }, A).data).toEqual([
      { sku: 'X', companyId: A },
      { sku: 'Y', companyId: A },
    ]);
  });

  it('upsert is scoped in where and create', () => {
    const out = scopeArgs('Inventory', 'upsert', { where: { id: 'i' }, create: { quantity: 1 }, update: { quantity: 2 } }, A);
    expect(out.where).toEqual({ id: 'i', AND: [{ companyId: A }] });
    expect(out.create).toEqual({ quantity: 1, companyId: A });
  });

  it('Company is pinned by id and cannot be created or deleted through the scoped client', () => {
    expect(scopeArgs('Company', 'findFirst', { where: { id: 'other' } }, A).where).toEqual({ id: 'other', AND: [{ id: A }] });
    expect(scopeArgs('Company', 'update', { where: { id: 'other' }, data: {} }, A).where).toEqual({ id: 'other', AND: [{ id: A }] });
    for (const op of ['create', 'delete', 'deleteMany', 'updateMany', 'findMany']) {
      expect(() => scopeArgs('Company', op, {}, A)).toThrow(UnscopedModelError);
    }
  });

  it('refuses models without a company column and unknown operations (fails closed)', () => {
    expect(() => scopeArgs('SomeGlobalModel', 'findMany', {}, A)).toThrow(UnscopedModelError);
    // Refresh tokens carry their company since row-level security: scoped like every tenant table.
    expect(scopeArgs('RefreshToken', 'findMany', {}, A).where).toEqual({ AND: [{ companyId: A }] });
    expect(() => scopeArgs('Warehouse', 'somethingNew', {}, A)).toThrow(UnscopedModelError);
  });
});

describe('TenantContext', () => {
  it('throws outside a request scope and exposes the scope inside', () => {
    expect(() => TenantContext.require()).toThrow(MissingTenantContextError);
    TenantContext.run({ companyId: A, userId: 'u', role: 'ADMIN' }, () => {
      expect(TenantContext.require().companyId).toBe(A);
    });
    expect(TenantContext.current()).toBeUndefined();
  });

  it('keeps the scope across awaits', async () => {
    await TenantContext.run({ companyId: A, userId: 'u', role: 'USER' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      expect(TenantContext.require().companyId).toBe(A);
    });
  });
});
