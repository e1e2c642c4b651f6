import { bootApp, createMember, registerCompany, type Session, type TestApp } from '../support/app';
import { createWarehouse } from '../support/fixtures';

describe('CSV imports (validated first, applied all or nothing, idempotent)', () => {
  let t: TestApp;
  let a: Session;

  beforeAll(async () => {
    t = await bootApp();
    a = await registerCompany(t, 'import');
  });
  afterAll(() => t.close());

  const post = (path: string, body: string, query: Record<string, string> = {}, s: Session = a) =>
    t.http().post(`/api/v1/imports/${path}`).set(s.auth).set('Content-Type', 'text/csv').query(query).send(body);
  const itemCount = () => t.prisma.item.count({ where: { companyId: a.companyId } });

  it('items: dry run changes nothing, apply creates, re-import changes nothing, a changed row updates', async () => {
    const file = [
      'sku,name,unitOfMeasure,category,reorderThreshold,volumePerUnit,description',
      'IMP-1,Bolt,EA,Parts,10,0.5,"M8, zinc"',
      'IMP-2,Nut,EA,,,,',
      'IMP-3,"Ünïcode ""quoted"" name",BOX,Parts,0,,"multi\nline"',
    ].join('\r\n');
    const before = await itemCount();
    const dry = await post('items', file, { dryRun: 'true' });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ rows: 3, created: 3, updated: 0, unchanged: 0, dryRun: true, errors: [] });
    expect(await itemCount()).toBe(before);

    const applied = await post('items', file);
    expect(applied.body).toEqual({ rows: 3, created: 3, updated: 0, unchanged: 0, dryRun: false, errors: [] });
    const item = await t.prisma.item.findFirstOrThrow({ where: { companyId: a.companyId, sku: 'IMP-3' } });
    expect(item).toMatchObject({ name: 'Ünïcode "quoted" name', unitOfMeasure: 'BOX', reorderThreshold: 0, description: 'multi\nline' });

    const auditBefore = await t.prisma.auditEvent.count({ where: { companyId: a.companyId } });
    const again = await post('items', file);
    expect(again.body).toEqual({ rows: 3, created: 0, updated: 0, unchanged: 3, dryRun: false, errors: [] });
    expect(await t.prisma.auditEvent.count({ where: { companyId: a.companyId } })).toBe(auditBefore);

    const changed = await post('items', file.replace('IMP-2,Nut,EA', 'IMP-2,Hex nut,EA'));
    expect(changed.body).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect((await t.prisma.item.findFirstOrThrow({ where: { companyId: a.companyId, sku: 'IMP-2' } })).name).toBe('Hex nut');
  });

  it('items: SKUs match ignoring case (one per company), an existing item keeps its spelling', async () => {
    await post('items', 'sku,name,unitOfMeasure\nCase-A1,Washer,EA\nCase-B1,Spring,EA').expect(200);
    const before = await itemCount();
    const lowered = 'sku,name,unitOfMeasure\ncase-a1,Washer,EA\nCASE-B1,Coil spring,EA';
    const again = await post('items', lowered);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ rows: 2, created: 0, updated: 1, unchanged: 1, dryRun: false, errors: [] });
    expect(await itemCount()).toBe(before);
    const items = await t.prisma.item.findMany({
      where: { companyId: a.companyId, sku: { in: ['Case-A1', 'Case-B1'] } },
      orderBy: { sku: 'asc' },
    });
    expect(items.map((i) => [i.sku, i.name])).toEqual([
      ['Case-A1', 'Washer'],
      ['Case-B1', 'Coil spring'],
    ]);
    const warehouse = await createWarehouse(t, a);
    const stock = await post('opening-stock', `warehouseId,sku,quantity\n${warehouse.id},CASE-a1,3`);
    expect(stock.body).toMatchObject({ created: 1, errors: [] });
    const twice = await post('items', 'sku,name,unitOfMeasure\nDUP-x,One,EA\ndup-X,Two,EA');
    expect(twice.status).toBe(422);
    expect(twice.body.errors).toEqual([expect.objectContaining({ row: 3, field: 'sku' })]);
  });

  it('items: one bad row changes nothing, and every bad row and field is named', async () => {
    const before = await itemCount();
    const file = [
      'sku,name,unitOfMeasure,reorderThreshold',
      'BAD-1,Good row,EA,5',
      'BAD-2,X,EA,-3',
      ',No sku,EA,',
      'BAD-1,Duplicate,EA,',
    ].join('\n');
    const res = await post('items', file);
    expect(res.status).toBe(422);
    expect(res.body.created).toBe(0);
    const named = (res.body.errors as Array<{ row: number; field: string }>).map((e) => `${e.row}:${e.field}`);
    expect(named).toEqual(expect.arrayContaining(['3:name', '3:reorderThreshold', '4:sku', '5:sku']));
    expect(named).not.toContain('2:sku');
    expect(await itemCount()).toBe(before);

    const header = await post('items', 'sku,name,colour\nA,B,C');
    expect(header.status).toBe(422);
    expect(header.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, field: 'colour' }),
        expect.objectContaining({ row: 1, field: 'unitOfMeasure' }),
      ]),
    );
    const malformed = await post('items', 'sku,name,unitOfMeasure\n"unterminated,x,EA');
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors[0].field).toBe('body');
  });

  it('opening stock: INBOUND movements for the difference only; re-import moves nothing; below stock is refused', async () => {
    const warehouse = await createWarehouse(t, a);
    await post('items', 'sku,name,unitOfMeasure\nOPEN-1,Open one,EA\nOPEN-2,Open two,EA').expect(200);
    const file = `warehouseId,sku,quantity\n${warehouse.id},OPEN-1,25.50\n${warehouse.id},OPEN-2,0`;
    const dry = await post('opening-stock', file, { dryRun: 'true' });
    expect(dry.body).toEqual({ rows: 2, created: 1, updated: 0, unchanged: 1, dryRun: true, errors: [] });
    expect(await t.prisma.transaction.count({ where: { warehouseId: warehouse.id } })).toBe(0);

    expect((await post('opening-stock', file)).body).toMatchObject({ created: 1, unchanged: 1, dryRun: false });
    const again = await post('opening-stock', file);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const moves = await t.prisma.transaction.findMany({ where: { warehouseId: warehouse.id } });
    expect(moves.map((m) => [m.type, m.quantity.toString(), m.balanceAfter.toString(), m.sequence])).toEqual([
      ['INBOUND', '25.5', '25.5', 1],
    ]);

    const raised = await post('opening-stock', file.replace('25.50', '30'));
    expect(raised.body).toMatchObject({ updated: 1 });
    const inv = await t.prisma.inventory.findFirstOrThrow({ where: { warehouseId: warehouse.id } });
    expect(inv.quantity.toString()).toBe('30');

    const lower = await post(
      'opening-stock',
      `warehouseId,sku,quantity\n${warehouse.id},OPEN-1,1\n${warehouse.id},NOPE,1\nnot-a-uuid,OPEN-2,x`,
    );
    expect(lower.status).toBe(422);
    const named = (lower.body.errors as Array<{ row: number; field: string }>).map((e) => `${e.row}:${e.field}`);
    expect(named).toEqual(expect.arrayContaining(['2:quantity', '3:sku', '4:warehouseId', '4:quantity']));
    expect(await t.prisma.transaction.count({ where: { warehouseId: warehouse.id } })).toBe(2);
  });

  it('50,000 rows fit in the body limit and apply in one go; text/csv is refused elsewhere; roles', async () => {
    const lines = ['sku,name,unitOfMeasure,category'];
    for (let i = 0; i < 50_000; i += 1) lines.push(`BULK-${i},Bulk item number ${i} with a long enough name,EA,Bulk category`);
    const audited = () => t.prisma.auditEvent.count({ where: { companyId: a.companyId, entityType: 'item', action: 'CREATE' } });
    const before = await audited();
    const res = await post('items', lines.join('\n'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 50_000, created: 50_000 });
    // One audit row per item created, as a single create writes it (one statement trigger, not 50,000 row triggers).
    expect((await audited()) - before).toBe(50_000);
    const sample = await t.prisma.auditEvent.findFirstOrThrow({
      where: { companyId: a.companyId, entityType: 'item', action: 'CREATE', changes: { path: ['sku', '1'], equals: 'BULK-49999' } },
    });
    expect(sample.changes).toEqual({
      sku: [null, 'BULK-49999'],
      name: [null, 'Bulk item number 49999 with a long enough name'],
      category: [null, 'Bulk category'],
      unit_of_measure: [null, 'EA'],
    });

    const elsewhere = await t.http().post('/api/v1/warehouses').set(a.auth).set('Content-Type', 'text/csv').send('name\nx');
    expect(elsewhere.status).toBe(415);
    const user = await createMember(t, a, 'USER');
    expect((await post('items', 'sku,name,unitOfMeasure\nR-1,Role,EA', {}, user)).status).toBe(403);
    const badQuery = await post('items', 'sku,name,unitOfMeasure\nR-1,Role,EA', { dryRun: 'maybe' });
    expect(badQuery.status).toBe(400);
    expect(JSON.stringify(badQuery.body.message)).toMatch(/dryRun/);
  }, 300_000);
});
