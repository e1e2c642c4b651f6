import { WebhookDispatchRepository } from '@app/webhooks/webhook-dispatch.repository';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Response } from 'supertest';
import { bootApp, createMember, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, move, stocked, type Stocked } from '../support/fixtures';

type Role = 'ADMIN' | 'MANAGER' | 'USER';

const HOOK_URL = 'https://93.184.216.34/hook';

/**
 * Every registered route must appear here with a cross-tenant test (company B acting on company
 * A's records: 404 or an empty answer, and nothing of A changes) and a role test (who may call
 * it). A new route without an entry fails the first test.
 */
interface RouteCase {
  roles: Role[] | 'public';
  /** Calls the route as `who`, on fresh records where it writes. Used for the role test. */
  call?: (who: Session) => Promise<Response>;
  /** Company B against company A's data. */
  crossTenant: () => Promise<void>;
}

describe('tenant isolation and roles, route by route', () => {
  let t: TestApp;
  let a: Session;
  let aManager: Session;
  let aUser: Session;
  let b: Session;
  let aTarget: Stocked;
  let aTransactionId: string;
  let aWebhookId: string;
  let aDeliveryId: string;
  let aSupplierId: string;
  let aCustomerId: string;
  let aReceiptId: string;
  let aShipmentId: string;

  const as = (role: Role): Session => ({ ADMIN: a, MANAGER: aManager, USER: aUser })[role];
  const snapshot = async () => ({
    warehouses: await t.prisma.warehouse.findMany({ where: { companyId: a.companyId }, orderBy: { id: 'asc' } }),
    items: await t.prisma.item.findMany({ where: { companyId: a.companyId }, orderBy: { id: 'asc' } }),
    inventory: await t.prisma.inventory.findMany({ where: { companyId: a.companyId }, orderBy: { id: 'asc' } }),
    transactions: await t.prisma.transaction.count({ where: { companyId: a.companyId } }),
    users: await t.prisma.user.findMany({
      where: { companyId: a.companyId },
      orderBy: { id: 'asc' },
      select: { id: true, name: true, role: true, isActive: true },
    }),
    company: await t.prisma.company.findUniqueOrThrow({ where: { id: a.companyId } }),
    webhooks: await t.prisma.webhookEndpoint.findMany({ where: { companyId: a.companyId }, orderBy: { id: 'asc' } }),
    events: await t.prisma.webhookEvent.count({ where: { companyId: a.companyId } }),
    deliveries: await t.prisma.webhookDelivery.count({ where: { companyId: a.companyId } }),
    reservations: await t.prisma.reservation.findMany({ where: { companyId: a.companyId }, orderBy: { id: 'asc' } }),
    stockCounts: await t.prisma.stockCount.findMany({ where: { companyId: a.companyId }, orderBy: { id: 'asc' } }),
    stockCountLines: await t.prisma.stockCountLine.findMany({ where: { companyId: a.companyId }, orderBy: { id: 'asc' } }),
    suppliers: await t.prisma.supplier.findMany({ where: { companyId: a.companyId }, orderBy: { id: 'asc' } }),
    customers: await t.prisma.customer.findMany({ where: { companyId: a.companyId }, orderBy: { id: 'asc' } }),
    documents: await t.prisma.document.findMany({ where: { companyId: a.companyId }, orderBy: { id: 'asc' } }),
    documentLines: await t.prisma.documentLine.findMany({ where: { companyId: a.companyId }, orderBy: { id: 'asc' } }),
  });
  /** Runs `attempt` as company B and checks that nothing of company A changed. */
  const unchanged = async (attempt: () => Promise<void>) => {
    // Company A's events get their deliveries now: a dispatcher of another suite (they share the database)
    // could otherwise fan them out between the two snapshots.
    while ((await t.app.get(WebhookDispatchRepository).fanOut(a.companyId, 500)) === 500);
    const before = await snapshot();
    await attempt();
    expect(await snapshot()).toEqual(before);
  };
  const http = () => t.http();
  const ids = (res: Response): string[] => (res.body.items as Array<{ id: string }>).map((x) => x.id);
  /** A fresh OPEN count of company A's stocked warehouse. */
  const aCount = async (): Promise<string> => {
    const res = await http().post('/api/v1/stock-counts').set(a.auth).send({ warehouseId: aTarget.warehouseId });
    if (res.status !== 201) throw new Error(`open count: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  /** A fresh ACTIVE reservation of 1 in company A. */
  const aReservation = async (): Promise<string> => {
    const res = await http()
      .post('/api/v1/reservations')
      .set(a.auth)
      .send({ ...aTarget, quantity: 1 });
    if (res.status !== 201) throw new Error(`reserve: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };

  /** A fresh DRAFT receipt / shipment of one line in company A. */
  const aDocument = async (kind: 'receipts' | 'shipments'): Promise<string> => {
    const partner = kind === 'receipts' ? { supplierId: aSupplierId } : { customerId: aCustomerId };
    const res = await http()
      .post(`/api/v1/${kind}`)
      .set(a.auth)
      .send({ ...partner, lines: [{ ...aTarget, quantity: 1 }] });
    if (res.status !== 201) throw new Error(`draft ${kind}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  /** A fresh CONFIRMED shipment of company A. */
  const aConfirmedShipment = async (): Promise<string> => {
    const id = await aDocument('shipments');
    const res = await http().post(`/api/v1/shipments/${id}/confirm`).set(a.auth).send({});
    if (res.status !== 200) throw new Error(`confirm: ${res.status} ${JSON.stringify(res.body)}`);
    return id;
  };
  /** Company B's own partner and stock, to name A's records in B's documents. */
  const bDocumentParts = async (kind: 'receipts' | 'shipments') => {
    const bTarget = await stocked(t, b, 5);
    const path = kind === 'receipts' ? '/api/v1/suppliers' : '/api/v1/customers';
    const partnerId = (await http().post(path).set(b.auth).send({ name: 'B partner' }).expect(201)).body.id as string;
    const own = kind === 'receipts' ? { supplierId: partnerId } : { customerId: partnerId };
    const aPartner = kind === 'receipts' ? { supplierId: aSupplierId } : { customerId: aCustomerId };
    return { bTarget, own, aPartner };
  };
  /** B naming A's partner, item or warehouse in a document body: each a 404 (the line named), nothing written. */
  const refusesForeignReferences = async (kind: 'receipts' | 'shipments', send: (body: Record<string, unknown>) => Promise<Response>) => {
    const { bTarget, own, aPartner } = await bDocumentParts(kind);
    const line = { ...bTarget, quantity: 1 };
    expect((await send({ ...aPartner, lines: [line] })).status).toBe(404);
    const foreignItem = await send({ ...own, lines: [line, { ...line, itemId: aTarget.itemId }] });
    expect({ status: foreignItem.status, message: foreignItem.body.message }).toEqual({
      status: 404,
      message: 'lines[1].itemId: Item not found',
    });
    const foreignWarehouse = await send({ ...own, lines: [{ ...line, warehouseId: aTarget.warehouseId }] });
    expect({ status: foreignWarehouse.status, message: foreignWarehouse.body.message }).toEqual({
      status: 404,
      message: 'lines[0].warehouseId: Warehouse not found',
    });
  };
  /** The cross-tenant cases shared by suppliers and customers. */
  const partnerRoutes = (kind: 'suppliers' | 'customers'): Record<string, RouteCase> => {
    const base = `/api/v1/${kind}`;
    const aId = () => (kind === 'suppliers' ? aSupplierId : aCustomerId);
    const fresh = async () => (await http().post(base).set(a.auth).send({ name: 'Fresh partner' }).expect(201)).body.id as string;
    return {
      [`GET ${base}`]: {
        roles: ['ADMIN', 'MANAGER', 'USER'],
        call: (who) => http().get(base).set(who.auth),
        crossTenant: async () => {
          expect(ids(await http().get(base).set(b.auth).query({ limit: 100 }))).not.toContain(aId());
          expect((await http().get(base).set(b.auth).query({ search: 'Iso partner A' })).body.total).toBe(0);
        },
      },
      [`POST ${base}`]: {
        roles: ['ADMIN', 'MANAGER'],
        call: (who) => http().post(base).set(who.auth).send({ name: 'Role partner' }),
        crossTenant: async () => {
          await unchanged(async () => {
            expect((await http().post(base).set(b.auth).send({ name: 'B', companyId: a.companyId })).status).toBe(400);
            const created = await http().post(base).set(b.auth).send({ name: 'B own' }).expect(201);
            const row =
              kind === 'suppliers'
                ? await t.prisma.supplier.findUniqueOrThrow({ where: { id: created.body.id } })
                : await t.prisma.customer.findUniqueOrThrow({ where: { id: created.body.id } });
            expect(row.companyId).toBe(b.companyId);
          });
        },
      },
      [`GET ${base}/:id`]: {
        roles: ['ADMIN', 'MANAGER', 'USER'],
        call: (who) => http().get(`${base}/${aId()}`).set(who.auth),
        crossTenant: async () => {
          expect((await http().get(`${base}/${aId()}`).set(b.auth)).status).toBe(404);
        },
      },
      [`PATCH ${base}/:id`]: {
        roles: ['ADMIN', 'MANAGER'],
        call: (who) => http().patch(`${base}/${aId()}`).set(who.auth).send({ notes: 'role check' }),
        crossTenant: async () => {
          await unchanged(async () => {
            expect((await http().patch(`${base}/${aId()}`).set(b.auth).send({ name: 'hacked' })).status).toBe(404);
          });
        },
      },
      [`DELETE ${base}/:id`]: {
        roles: ['ADMIN', 'MANAGER'],
        call: async (who) =>
          http()
            .delete(`${base}/${await fresh()}`)
            .set(who.auth),
        crossTenant: async () => {
          await unchanged(async () => {
            expect((await http().delete(`${base}/${aId()}`).set(b.auth)).status).toBe(404);
          });
        },
      },
    };
  };
  /** The cross-tenant cases shared by receipts and shipments. */
  const documentRoutes = (kind: 'receipts' | 'shipments'): Record<string, RouteCase> => {
    const base = `/api/v1/${kind}`;
    const writers: Role[] = kind === 'receipts' ? ['ADMIN', 'MANAGER'] : ['ADMIN', 'MANAGER', 'USER'];
    const aId = () => (kind === 'receipts' ? aReceiptId : aShipmentId);
    const partnerFilter = () => (kind === 'receipts' ? { supplierId: aSupplierId } : { customerId: aCustomerId });
    const action = (name: string, roles: Role[], prepare: () => Promise<string>): RouteCase => ({
      roles,
      call: async (who) =>
        http()
          .post(`${base}/${await prepare()}/${name}`)
          .set(who.auth)
          .send({}),
      crossTenant: async () => {
        const id = await prepare();
        await unchanged(async () => {
          expect((await http().post(`${base}/${id}/${name}`).set(b.auth).send({})).status).toBe(404);
          expect(
            (
              await http()
                .post(`${base}/${id}/${name}`)
                .set({ ...b.auth, 'Idempotency-Key': `iso-${id}` })
                .send({})
            ).status,
          ).toBe(404);
        });
      },
    });
    const routes: Record<string, RouteCase> = {
      [`POST ${base}`]: {
        roles: writers,
        call: (who) =>
          http()
            .post(base)
            .set(who.auth)
            .send({
              ...(kind === 'receipts' ? { supplierId: aSupplierId } : { customerId: aCustomerId }),
              lines: [{ ...aTarget, quantity: 1 }],
            }),
        crossTenant: async () => {
          await unchanged(async () => {
            await refusesForeignReferences(kind, (body) => http().post(base).set(b.auth).send(body));
          });
        },
      },
      [`GET ${base}`]: {
        roles: ['ADMIN', 'MANAGER', 'USER'],
        call: (who) => http().get(base).set(who.auth),
        crossTenant: async () => {
          expect(ids(await http().get(base).set(b.auth).query({ limit: 100 }))).not.toContain(aId());
          expect((await http().get(base).set(b.auth).query(partnerFilter())).body.total).toBe(0);
        },
      },
      [`GET ${base}/:id`]: {
        roles: ['ADMIN', 'MANAGER', 'USER'],
        call: (who) => http().get(`${base}/${aId()}`).set(who.auth),
        crossTenant: async () => {
          expect((await http().get(`${base}/${aId()}`).set(b.auth)).status).toBe(404);
        },
      },
      [`PATCH ${base}/:id`]: {
        roles: writers,
        call: (who) => http().patch(`${base}/${aId()}`).set(who.auth).send({ notes: 'role check' }),
        crossTenant: async () => {
          await unchanged(async () => {
            expect((await http().patch(`${base}/${aId()}`).set(b.auth).send({ notes: 'hacked' })).status).toBe(404);
            // B's own draft naming A's partner, item or warehouse.
            const { bTarget, own } = await bDocumentParts(kind);
            const bDraft = (
              await http()
                .post(base)
                .set(b.auth)
                .send({ ...own, lines: [{ ...bTarget, quantity: 1 }] })
                .expect(201)
            ).body.id as string;
            await refusesForeignReferences(kind, (body) => http().patch(`${base}/${bDraft}`).set(b.auth).send(body));
          });
        },
      },
      [`POST ${base}/:id/post`]: action('post', writers, kind === 'receipts' ? () => aDocument('receipts') : aConfirmedShipment),
      [`POST ${base}/:id/cancel`]: action('cancel', writers, () => aDocument(kind)),
    };
    if (kind === 'shipments') routes[`POST ${base}/:id/confirm`] = action('confirm', writers, () => aDocument('shipments'));
    return routes;
  };

  beforeAll(async () => {
    // Webhook endpoints here point at a public address that is never called: no dispatcher.
    t = await bootApp({ WEBHOOK_DISPATCHER_ENABLED: 'false' });
    a = await registerCompany(t, 'iso-a');
    aManager = await createMember(t, a, 'MANAGER');
    aUser = await createMember(t, a, 'USER');
    b = await registerCompany(t, 'iso-b');
    aTarget = await stocked(t, a, 50);
    aTransactionId = (await http().get('/api/v1/transactions').set(a.auth)).body.items[0].id;
    aWebhookId = (
      await http()
        .post('/api/v1/webhooks')
        .set(a.auth)
        .send({ url: HOOK_URL, events: ['stock.moved'] })
        .expect(201)
    ).body.id;
    aDeliveryId = (await http().post(`/api/v1/webhooks/${aWebhookId}/test`).set(a.auth).expect(202)).body.id;
    aSupplierId = (await http().post('/api/v1/suppliers').set(a.auth).send({ name: 'Iso partner A' }).expect(201)).body.id;
    aCustomerId = (await http().post('/api/v1/customers').set(a.auth).send({ name: 'Iso partner A' }).expect(201)).body.id;
    aReceiptId = await aDocument('receipts');
    aShipmentId = await aDocument('shipments');
  });
  afterAll(() => t.close());

  const ROUTES: Record<string, RouteCase> = {
    'GET /health/live': { roles: 'public', crossTenant: async () => undefined },
    'GET /health/ready': { roles: 'public', crossTenant: async () => undefined },
    'POST /api/v1/auth/register': {
      roles: 'public',
      crossTenant: async () => {
        // A body naming another company is refused: the new company is always a new tenant.
        const res = await http().post('/api/v1/auth/register').send({
          companyName: 'X',
          companyEmail: 'x@x.test',
          name: 'X',
          email: 'x2@x.test',
          password: 'long enough pass',
          companyId: a.companyId,
        });
        expect(res.status).toBe(400);
      },
    },
    'POST /api/v1/auth/login': { roles: 'public', crossTenant: async () => undefined },
    'POST /api/v1/auth/refresh': {
      roles: 'public',
      crossTenant: async () => {
        const res = await http()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: 'a'.repeat(43) });
        expect(res.status).toBe(401);
      },
    },
    'POST /api/v1/auth/logout': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: async (who) =>
        http()
          .post('/api/v1/auth/logout')
          .set((await loginAgain(who)).auth),
      crossTenant: async () => {
        await unchanged(async () => {
          await http()
            .post('/api/v1/auth/logout')
            .set((await loginAgain(b)).auth)
            .expect(204);
        });
        expect((await http().get('/api/v1/auth/me').set(a.auth)).status).toBe(200);
      },
    },
    'POST /api/v1/auth/logout-all': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: async (who) =>
        http()
          .post('/api/v1/auth/logout-all')
          .set((await loginAgain(who, true)).auth),
      crossTenant: async () => {
        const other = await registerCompany(t, 'iso-la');
        await http().post('/api/v1/auth/logout-all').set(other.auth).expect(204);
        expect((await http().get('/api/v1/auth/me').set(a.auth)).status).toBe(200);
      },
    },
    'GET /api/v1/auth/me': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/auth/me').set(who.auth),
      crossTenant: async () => {
        const res = await http().get('/api/v1/auth/me').set(b.auth);
        expect(res.body).toMatchObject({ id: b.userId, companyId: b.companyId });
      },
    },
    'PATCH /api/v1/auth/password': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: async (who) => {
        const s = await loginAgain(who, true);
        return http()
          .patch('/api/v1/auth/password')
          .set(s.auth)
          .send({ currentPassword: 'wrong password!', newPassword: 'another long passphrase' });
      },
      crossTenant: async () => {
        await unchanged(async () => {
          const res = await http()
            .patch('/api/v1/auth/password')
            .set(b.auth)
            .send({ currentPassword: 'wrong password!', newPassword: 'another long passphrase', userId: a.userId });
          expect(res.status).toBe(400);
        });
      },
    },
    'GET /api/v1/companies/me': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/companies/me').set(who.auth),
      crossTenant: async () => {
        expect((await http().get('/api/v1/companies/me').set(b.auth)).body.id).toBe(b.companyId);
      },
    },
    'PATCH /api/v1/companies/me': {
      roles: ['ADMIN'],
      call: (who) => http().patch('/api/v1/companies/me').set(who.auth).send({ address: '1 Main Street' }),
      crossTenant: async () => {
        await unchanged(async () => {
          expect((await http().patch('/api/v1/companies/me').set(b.auth).send({ name: 'Renamed B' })).status).toBe(200);
          expect((await http().patch('/api/v1/companies/me').set(b.auth).send({ id: a.companyId, name: 'x' })).status).toBe(400);
        });
      },
    },
    'GET /api/v1/users': {
      roles: ['ADMIN'],
      call: (who) => http().get('/api/v1/users').set(who.auth),
      crossTenant: async () => {
        const res = await http().get('/api/v1/users').set(b.auth).query({ limit: 100 });
        expect(ids(res)).toEqual([b.userId]);
        // Filters and sorts never widen the tenant: A's users stay invisible whatever B asks for.
        for (const query of [{ search: a.email }, { search: '%' }, { role: 'MANAGER' }, { isActive: true, sort: '-lastLoginAt' }]) {
          expect(ids(await http().get('/api/v1/users').set(b.auth).query(query))).not.toContain(a.userId);
        }
        expect((await http().get('/api/v1/users').set(b.auth).query({ search: a.email })).body.total).toBe(0);
      },
    },
    'POST /api/v1/users': {
      roles: ['ADMIN'],
      call: (who) =>
        http()
          .post('/api/v1/users')
          .set(who.auth)
          .send({ email: `${Math.random().toString(36).slice(2)}@example.test`, name: 'New One', password: 'long enough pass' }),
      crossTenant: async () => {
        await unchanged(async () => {
          const res = await http()
            .post('/api/v1/users')
            .set(b.auth)
            .send({
              email: `${Math.random().toString(36).slice(2)}@example.test`,
              name: 'New One',
              password: 'long enough pass',
              companyId: a.companyId,
            });
          expect(res.status).toBe(400);
        });
      },
    },
    'GET /api/v1/users/:id': {
      roles: ['ADMIN'],
      call: (who) => http().get(`/api/v1/users/${aUser.userId}`).set(who.auth),
      crossTenant: async () => {
        expect((await http().get(`/api/v1/users/${a.userId}`).set(b.auth)).status).toBe(404);
      },
    },
    'PATCH /api/v1/users/:id': {
      roles: ['ADMIN'],
      call: (who) => http().patch(`/api/v1/users/${aUser.userId}`).set(who.auth).send({ name: 'Renamed User' }),
      crossTenant: async () => {
        await unchanged(async () => {
          expect((await http().patch(`/api/v1/users/${a.userId}`).set(b.auth).send({ isActive: false })).status).toBe(404);
        });
      },
    },
    'DELETE /api/v1/users/:id': {
      roles: ['ADMIN'],
      call: async (who) => {
        const victim = await createMember(t, a, 'USER');
        return http().delete(`/api/v1/users/${victim.userId}`).set(who.auth);
      },
      crossTenant: async () => {
        await unchanged(async () => {
          expect((await http().delete(`/api/v1/users/${aManager.userId}`).set(b.auth)).status).toBe(404);
        });
      },
    },
    'GET /api/v1/warehouses': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/warehouses').set(who.auth),
      crossTenant: async () => {
        expect(ids(await http().get('/api/v1/warehouses').set(b.auth).query({ limit: 100 }))).not.toContain(aTarget.warehouseId);
      },
    },
    'POST /api/v1/warehouses': {
      roles: ['ADMIN', 'MANAGER'],
      call: (who) => http().post('/api/v1/warehouses').set(who.auth).send({ name: 'Role WH', location: 'Somewhere', capacity: 10 }),
      crossTenant: async () => {
        await unchanged(async () => {
          expect(
            (
              await http()
                .post('/api/v1/warehouses')
                .set(b.auth)
                .send({ name: 'B WH', location: 'There', capacity: 10, companyId: a.companyId })
            ).status,
          ).toBe(400);
          const created = await http().post('/api/v1/warehouses').set(b.auth).send({ name: 'B WH', location: 'There', capacity: 10 });
          expect((await t.prisma.warehouse.findUniqueOrThrow({ where: { id: created.body.id } })).companyId).toBe(b.companyId);
        });
      },
    },
    'GET /api/v1/warehouses/:id': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get(`/api/v1/warehouses/${aTarget.warehouseId}`).set(who.auth),
      crossTenant: async () => {
        const res = await http().get(`/api/v1/warehouses/${aTarget.warehouseId}`).set(b.auth);
        expect(res.status).toBe(404);
        const withStock = await http().get(`/api/v1/warehouses/${aTarget.warehouseId}`).set(b.auth).query({ include: 'inventory' });
        expect(withStock.status).toBe(404);
        const missing = await http().get('/api/v1/warehouses/00000000-0000-4000-8000-000000000000').set(b.auth);
        expect({ ...res.body, requestId: 0 }).toEqual({ ...missing.body, requestId: 0 }); // same as a missing one
      },
    },
    'PATCH /api/v1/warehouses/:id': {
      roles: ['ADMIN', 'MANAGER'],
      call: (who) => http().patch(`/api/v1/warehouses/${aTarget.warehouseId}`).set(who.auth).send({ location: 'Moved' }),
      crossTenant: async () => {
        await unchanged(async () => {
          expect((await http().patch(`/api/v1/warehouses/${aTarget.warehouseId}`).set(b.auth).send({ name: 'hacked' })).status).toBe(404);
        });
      },
    },
    'DELETE /api/v1/warehouses/:id': {
      roles: ['ADMIN', 'MANAGER'],
      call: async (who) =>
        http()
          .delete(`/api/v1/warehouses/${(await createWarehouse(t, a)).id}`)
          .set(who.auth),
      crossTenant: async () => {
        await unchanged(async () => {
          expect((await http().delete(`/api/v1/warehouses/${aTarget.warehouseId}`).set(b.auth)).status).toBe(404);
        });
      },
    },
    'GET /api/v1/items': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/items').set(who.auth),
      crossTenant: async () => {
        expect(ids(await http().get('/api/v1/items').set(b.auth).query({ limit: 100 }))).not.toContain(aTarget.itemId);
      },
    },
    'POST /api/v1/items': {
      roles: ['ADMIN', 'MANAGER'],
      call: (who) =>
        http()
          .post('/api/v1/items')
          .set(who.auth)
          .send({ sku: `R-${Math.random().toString(36).slice(2, 10)}`, name: 'Role item', unitOfMeasure: 'EA' }),
      crossTenant: async () => {
        await unchanged(async () => {
          // The same SKU as one of A's items is fine for B: SKUs are unique per company.
          const aSku = (await t.prisma.item.findUniqueOrThrow({ where: { id: aTarget.itemId } })).sku;
          expect((await http().post('/api/v1/items').set(b.auth).send({ sku: aSku, name: 'Same SKU', unitOfMeasure: 'EA' })).status).toBe(
            201,
          );
          expect(
            (
              await http()
                .post('/api/v1/items')
                .set(b.auth)
                .send({ sku: 'OTHER-1', name: 'x x', unitOfMeasure: 'EA', companyId: a.companyId })
            ).status,
          ).toBe(400);
        });
      },
    },
    'GET /api/v1/items/categories': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/items/categories').set(who.auth),
      crossTenant: async () => {
        const category = `Iso-${Math.random().toString(36).slice(2, 10)}`;
        await createItem(t, a, { category });
        const seen = (res: Response) => (res.body.items as Array<{ category: string }>).map((c) => c.category);
        expect(seen(await http().get('/api/v1/items/categories').set(b.auth))).not.toContain(category);
        expect(seen(await http().get('/api/v1/items/categories').set(a.auth))).toContain(category);
      },
    },
    'GET /api/v1/units': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/units').set(who.auth),
      crossTenant: async () => {
        // The same fixed list for every company: nothing tenant-specific to leak.
        const ofB = await http().get('/api/v1/units').set(b.auth);
        expect(ofB.body).toEqual((await http().get('/api/v1/units').set(a.auth)).body);
      },
    },
    'GET /api/v1/items/:id': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get(`/api/v1/items/${aTarget.itemId}`).set(who.auth),
      crossTenant: async () => {
        expect((await http().get(`/api/v1/items/${aTarget.itemId}`).set(b.auth)).status).toBe(404);
      },
    },
    'PATCH /api/v1/items/:id': {
      roles: ['ADMIN', 'MANAGER'],
      call: (who) => http().patch(`/api/v1/items/${aTarget.itemId}`).set(who.auth).send({ description: 'Updated' }),
      crossTenant: async () => {
        await unchanged(async () => {
          expect((await http().patch(`/api/v1/items/${aTarget.itemId}`).set(b.auth).send({ name: 'hacked' })).status).toBe(404);
        });
      },
    },
    'DELETE /api/v1/items/:id': {
      roles: ['ADMIN', 'MANAGER'],
      call: async (who) =>
        http()
          .delete(`/api/v1/items/${(await createItem(t, a)).id}`)
          .set(who.auth),
      crossTenant: async () => {
        await unchanged(async () => {
          expect((await http().delete(`/api/v1/items/${aTarget.itemId}`).set(b.auth)).status).toBe(404);
        });
      },
    },
    'GET /api/v1/inventory': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/inventory').set(who.auth),
      crossTenant: async () => {
        const res = await http().get('/api/v1/inventory').set(b.auth).query({ warehouseId: aTarget.warehouseId });
        expect(res.body.items).toEqual([]);
        expect(res.body.total).toBe(0);
        const sorted = await http().get('/api/v1/inventory').set(b.auth).query({ sort: '-quantity', limit: 100 });
        expect(ids(sorted)).not.toContain((await t.prisma.inventory.findFirstOrThrow({ where: aTarget })).id);
      },
    },
    'POST /api/v1/transactions': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => move(t, who, 'INBOUND', aTarget, 1),
      crossTenant: async () => {
        const bTarget = await stocked(t, b, 5);
        await unchanged(async () => {
          expect((await move(t, b, 'OUTBOUND', aTarget, 1)).status).toBe(404);
          expect((await move(t, b, 'INBOUND', aTarget, 1)).status).toBe(404);
          expect((await move(t, b, 'INBOUND', { warehouseId: bTarget.warehouseId, itemId: aTarget.itemId }, 1)).status).toBe(404);
          expect((await move(t, b, 'INBOUND', { warehouseId: aTarget.warehouseId, itemId: bTarget.itemId }, 1)).status).toBe(404);
        });
      },
    },
    'GET /api/v1/audit-events': {
      roles: ['ADMIN'],
      call: (who) => http().get('/api/v1/audit-events').set(who.auth),
      crossTenant: async () => {
        expect((await http().get('/api/v1/audit-events').set(b.auth).query({ entityId: aTarget.itemId })).body.items).toEqual([]);
        expect((await http().get('/api/v1/audit-events').set(b.auth).query({ actorId: a.userId })).body.items).toEqual([]);
      },
    },
    'POST /api/v1/webhooks': {
      roles: ['ADMIN'],
      call: (who) =>
        http()
          .post('/api/v1/webhooks')
          .set(who.auth)
          .send({ url: HOOK_URL, events: ['item.created'] }),
      crossTenant: async () => {
        await unchanged(async () => {
          const res = await http()
            .post('/api/v1/webhooks')
            .set(b.auth)
            .send({ url: HOOK_URL, events: ['item.created'], companyId: a.companyId });
          expect(res.status).toBe(400);
        });
      },
    },
    'GET /api/v1/webhooks': {
      roles: ['ADMIN'],
      call: (who) => http().get('/api/v1/webhooks').set(who.auth),
      crossTenant: async () => {
        expect(ids(await http().get('/api/v1/webhooks').set(b.auth).query({ limit: 100 }))).not.toContain(aWebhookId);
      },
    },
    'GET /api/v1/webhooks/:id': {
      roles: ['ADMIN'],
      call: (who) => http().get(`/api/v1/webhooks/${aWebhookId}`).set(who.auth),
      crossTenant: async () => {
        expect((await http().get(`/api/v1/webhooks/${aWebhookId}`).set(b.auth)).status).toBe(404);
      },
    },
    'PATCH /api/v1/webhooks/:id': {
      roles: ['ADMIN'],
      call: (who) => http().patch(`/api/v1/webhooks/${aWebhookId}`).set(who.auth).send({ description: 'touched' }),
      crossTenant: async () => {
        await unchanged(async () => {
          expect((await http().patch(`/api/v1/webhooks/${aWebhookId}`).set(b.auth).send({ isActive: false })).status).toBe(404);
        });
      },
    },
    'DELETE /api/v1/webhooks/:id': {
      roles: ['ADMIN'],
      call: async (who) => {
        const res = await http()
          .post('/api/v1/webhooks')
          .set(a.auth)
          .send({ url: HOOK_URL, events: ['item.created'] });
        return http().delete(`/api/v1/webhooks/${res.body.id}`).set(who.auth);
      },
      crossTenant: async () => {
        await unchanged(async () => {
          expect((await http().delete(`/api/v1/webhooks/${aWebhookId}`).set(b.auth)).status).toBe(404);
        });
      },
    },
    'GET /api/v1/webhooks/:id/deliveries': {
      roles: ['ADMIN'],
      call: (who) => http().get(`/api/v1/webhooks/${aWebhookId}/deliveries`).set(who.auth),
      crossTenant: async () => {
        expect((await http().get(`/api/v1/webhooks/${aWebhookId}/deliveries`).set(b.auth)).status).toBe(404);
      },
    },
    'POST /api/v1/webhooks/:id/test': {
      roles: ['ADMIN'],
      call: (who) => http().post(`/api/v1/webhooks/${aWebhookId}/test`).set(who.auth),
      crossTenant: async () => {
        await unchanged(async () => {
          expect((await http().post(`/api/v1/webhooks/${aWebhookId}/test`).set(b.auth)).status).toBe(404);
        });
      },
    },
    'POST /api/v1/webhooks/deliveries/:id/redeliver': {
      roles: ['ADMIN'],
      call: (who) => http().post(`/api/v1/webhooks/deliveries/${aDeliveryId}/redeliver`).set(who.auth),
      crossTenant: async () => {
        await unchanged(async () => {
          expect((await http().post(`/api/v1/webhooks/deliveries/${aDeliveryId}/redeliver`).set(b.auth)).status).toBe(404);
        });
      },
    },
    'GET /api/v1/exports/items.csv': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/exports/items.csv').set(who.auth),
      crossTenant: async () => {
        const res = await http().get('/api/v1/exports/items.csv').set(b.auth).buffer(true);
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(aTarget.itemId);
      },
    },
    'GET /api/v1/exports/inventory.csv': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/exports/inventory.csv').set(who.auth),
      crossTenant: async () => {
        for (const query of [{}, { asOf: new Date().toISOString() }]) {
          const res = await http().get('/api/v1/exports/inventory.csv').set(b.auth).query(query).buffer(true);
          expect(res.status).toBe(200);
          expect(res.text).not.toContain(aTarget.itemId);
        }
      },
    },
    'GET /api/v1/exports/transactions.csv': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/exports/transactions.csv').set(who.auth),
      crossTenant: async () => {
        const res = await http().get('/api/v1/exports/transactions.csv').set(b.auth).buffer(true);
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(aTransactionId);
      },
    },
    'POST /api/v1/imports/items': {
      roles: ['ADMIN', 'MANAGER'],
      call: (who) =>
        http()
          .post('/api/v1/imports/items')
          .query({ dryRun: 'true' })
          .set(who.auth)
          .set('Content-Type', 'text/csv')
          .send('sku,name,unitOfMeasure\nISO-IMP,Imported,EA'),
      crossTenant: async () => {
        const aItem = await t.prisma.item.findUniqueOrThrow({ where: { id: aTarget.itemId } });
        await unchanged(async () => {
          // The same SKU in company B is B's own item: A's is untouched.
          const res = await http()
            .post('/api/v1/imports/items')
            .set(b.auth)
            .set('Content-Type', 'text/csv')
            .send(`sku,name,unitOfMeasure\n${aItem.sku},Hijacked,EA`);
          expect(res.status).toBe(200);
          // Created in B, or B's own item of that SKU (another case may have made one) updated or kept.
          expect(res.body.created + res.body.updated + res.body.unchanged).toBe(1);
        });
      },
    },
    'POST /api/v1/imports/opening-stock': {
      roles: ['ADMIN', 'MANAGER'],
      call: (who) =>
        http()
          .post('/api/v1/imports/opening-stock')
          .query({ dryRun: 'true' })
          .set(who.auth)
          .set('Content-Type', 'text/csv')
          .send('warehouseId,sku,quantity'),
      crossTenant: async () => {
        const aItem = await t.prisma.item.findUniqueOrThrow({ where: { id: aTarget.itemId } });
        await unchanged(async () => {
          const res = await http()
            .post('/api/v1/imports/opening-stock')
            .set(b.auth)
            .set('Content-Type', 'text/csv')
            .send(`warehouseId,sku,quantity\n${aTarget.warehouseId},${aItem.sku},999`);
          expect(res.status).toBe(422);
          expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ row: 2, field: 'warehouseId' })]));
        });
      },
    },
    'GET /api/v1/transactions': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/transactions').set(who.auth),
      crossTenant: async () => {
        expect((await http().get('/api/v1/transactions').set(b.auth).query({ itemId: aTarget.itemId })).body.items).toEqual([]);
        expect(ids(await http().get('/api/v1/transactions').set(b.auth).query({ limit: 100 }))).not.toContain(aTransactionId);
        // A's partners and documents filter B's history to nothing.
        for (const filter of [{ supplierId: aSupplierId }, { customerId: aCustomerId }, { documentId: aReceiptId }]) {
          expect((await http().get('/api/v1/transactions').set(b.auth).query(filter)).body.items).toEqual([]);
        }
      },
    },
    'GET /api/v1/transactions/:id': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get(`/api/v1/transactions/${aTransactionId}`).set(who.auth),
      crossTenant: async () => {
        expect((await http().get(`/api/v1/transactions/${aTransactionId}`).set(b.auth)).status).toBe(404);
      },
    },
    'GET /api/v1/dashboard/stats': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/dashboard/stats').set(who.auth),
      crossTenant: async () => {
        const fresh = await registerCompany(t, 'iso-dash');
        const res = await http().get('/api/v1/dashboard/stats').set(fresh.auth);
        expect(res.body).toMatchObject({ warehouseCount: 0, itemCount: 0, totalQuantity: '0.00', lowStockCount: 0 });
      },
    },
    'GET /api/v1/dashboard/recent-transactions': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/dashboard/recent-transactions').set(who.auth),
      crossTenant: async () => {
        expect(ids(await http().get('/api/v1/dashboard/recent-transactions').set(b.auth).query({ limit: 100 }))).not.toContain(
          aTransactionId,
        );
      },
    },
    'GET /api/v1/dashboard/low-stock': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/dashboard/low-stock').set(who.auth),
      crossTenant: async () => {
        const low = await createItem(t, a, { reorderThreshold: 1000 });
        await move(t, a, 'INBOUND', { warehouseId: aTarget.warehouseId, itemId: low.id }, 1).expect(201);
        expect(ids(await http().get('/api/v1/dashboard/low-stock').set(b.auth).query({ limit: 100 }))).not.toContain(low.id);
        expect(ids(await http().get('/api/v1/dashboard/low-stock').set(a.auth).query({ limit: 100 }))).toContain(low.id);
      },
    },
    // Stock operations (issue 12)
    'GET /api/v1/inventory/reorder-suggestions': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/inventory/reorder-suggestions').set(who.auth),
      crossTenant: async () => {
        const low = await createItem(t, a, { reorderThreshold: 5 });
        expect(
          (await http().get('/api/v1/inventory/reorder-suggestions').set(b.auth).query({ limit: 100 })).body.items.map(
            (x: { itemId: string }) => x.itemId,
          ),
        ).not.toContain(low.id);
        const mine = await http().get('/api/v1/inventory/reorder-suggestions').set(a.auth).query({ limit: 100 });
        expect(mine.body.items.map((x: { itemId: string }) => x.itemId)).toContain(low.id);
        expect(
          (await http().get('/api/v1/inventory/reorder-suggestions').set(b.auth).query({ warehouseId: aTarget.warehouseId })).body.items,
        ).toEqual([]);
      },
    },
    'POST /api/v1/stock-counts': {
      roles: ['ADMIN', 'MANAGER'],
      call: (who) => http().post('/api/v1/stock-counts').set(who.auth).send({ warehouseId: aTarget.warehouseId }),
      crossTenant: async () => {
        await unchanged(async () => {
          expect((await http().post('/api/v1/stock-counts').set(b.auth).send({ warehouseId: aTarget.warehouseId })).status).toBe(404);
        });
      },
    },
    'GET /api/v1/stock-counts': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/stock-counts').set(who.auth),
      crossTenant: async () => {
        const id = await aCount();
        expect(ids(await http().get('/api/v1/stock-counts').set(b.auth).query({ limit: 100 }))).not.toContain(id);
        expect(ids(await http().get('/api/v1/stock-counts').set(a.auth).query({ limit: 100 }))).toContain(id);
      },
    },
    'GET /api/v1/stock-counts/:id': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: async (who) =>
        http()
          .get(`/api/v1/stock-counts/${await aCount()}`)
          .set(who.auth),
      crossTenant: async () => {
        expect(
          (
            await http()
              .get(`/api/v1/stock-counts/${await aCount()}`)
              .set(b.auth)
          ).status,
        ).toBe(404);
      },
    },
    'PUT /api/v1/stock-counts/:id/lines': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: async (who) =>
        http()
          .put(`/api/v1/stock-counts/${await aCount()}/lines`)
          .set(who.auth)
          .send({ lines: [{ itemId: aTarget.itemId, countedQuantity: 50 }] }),
      crossTenant: async () => {
        const id = await aCount();
        const bItem = (await createItem(t, b)).id;
        await unchanged(async () => {
          for (const itemId of [aTarget.itemId, bItem]) {
            const res = await http()
              .put(`/api/v1/stock-counts/${id}/lines`)
              .set(b.auth)
              .send({ lines: [{ itemId, countedQuantity: 1 }] });
            expect(res.status).toBe(404);
          }
        });
      },
    },
    'POST /api/v1/stock-counts/:id/post': {
      roles: ['ADMIN', 'MANAGER'],
      call: async (who) =>
        http()
          .post(`/api/v1/stock-counts/${await aCount()}/post`)
          .set(who.auth)
          .send({}),
      crossTenant: async () => {
        const id = await aCount();
        await http()
          .put(`/api/v1/stock-counts/${id}/lines`)
          .set(a.auth)
          .send({ lines: [{ itemId: aTarget.itemId, countedQuantity: 1 }] });
        await unchanged(async () => {
          expect((await http().post(`/api/v1/stock-counts/${id}/post`).set(b.auth).send({})).status).toBe(404);
        });
      },
    },
    'POST /api/v1/stock-counts/:id/cancel': {
      roles: ['ADMIN', 'MANAGER'],
      call: async (who) =>
        http()
          .post(`/api/v1/stock-counts/${await aCount()}/cancel`)
          .set(who.auth)
          .send({}),
      crossTenant: async () => {
        const id = await aCount();
        await unchanged(async () => {
          expect((await http().post(`/api/v1/stock-counts/${id}/cancel`).set(b.auth).send({})).status).toBe(404);
        });
      },
    },
    'POST /api/v1/reservations': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) =>
        http()
          .post('/api/v1/reservations')
          .set(who.auth)
          .send({ ...aTarget, quantity: 1 }),
      crossTenant: async () => {
        const bTarget = await stocked(t, b, 5);
        await unchanged(async () => {
          const send = (body: Record<string, unknown>) =>
            http()
              .post('/api/v1/reservations')
              .set(b.auth)
              .send({ quantity: 1, ...body });
          expect((await send({ ...aTarget })).status).toBe(404);
          expect((await send({ warehouseId: bTarget.warehouseId, itemId: aTarget.itemId })).status).toBe(404);
        });
      },
    },
    'GET /api/v1/reservations': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: (who) => http().get('/api/v1/reservations').set(who.auth),
      crossTenant: async () => {
        const id = await aReservation();
        expect(ids(await http().get('/api/v1/reservations').set(b.auth).query({ limit: 100 }))).not.toContain(id);
        expect((await http().get('/api/v1/reservations').set(b.auth).query({ itemId: aTarget.itemId })).body.items).toEqual([]);
        expect(ids(await http().get('/api/v1/reservations').set(a.auth).query({ limit: 100 }))).toContain(id);
      },
    },
    'GET /api/v1/reservations/:id': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: async (who) =>
        http()
          .get(`/api/v1/reservations/${await aReservation()}`)
          .set(who.auth),
      crossTenant: async () => {
        expect(
          (
            await http()
              .get(`/api/v1/reservations/${await aReservation()}`)
              .set(b.auth)
          ).status,
        ).toBe(404);
      },
    },
    'POST /api/v1/reservations/:id/release': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: async (who) =>
        http()
          .post(`/api/v1/reservations/${await aReservation()}/release`)
          .set(who.auth)
          .send({}),
      crossTenant: async () => {
        const id = await aReservation();
        await unchanged(async () => {
          expect((await http().post(`/api/v1/reservations/${id}/release`).set(b.auth).send({})).status).toBe(404);
        });
      },
    },
    'POST /api/v1/reservations/:id/fulfil': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: async (who) =>
        http()
          .post(`/api/v1/reservations/${await aReservation()}/fulfil`)
          .set(who.auth)
          .send({}),
      crossTenant: async () => {
        const id = await aReservation();
        await unchanged(async () => {
          expect((await http().post(`/api/v1/reservations/${id}/fulfil`).set(b.auth).send({})).status).toBe(404);
        });
      },
    },
    'POST /api/v1/adjustments': {
      roles: ['ADMIN', 'MANAGER'],
      call: (who) =>
        http()
          .post('/api/v1/adjustments')
          .set(who.auth)
          .send({ ...aTarget, quantityChange: 1, reason: 'FOUND' }),
      crossTenant: async () => {
        const bTarget = await stocked(t, b, 5);
        await unchanged(async () => {
          const send = (body: Record<string, unknown>) =>
            http()
              .post('/api/v1/adjustments')
              .set(b.auth)
              .send({ quantityChange: -1, reason: 'LOST', ...body });
          expect((await send({ ...aTarget })).status).toBe(404);
          expect((await send({ warehouseId: bTarget.warehouseId, itemId: aTarget.itemId })).status).toBe(404);
          expect((await send({ warehouseId: aTarget.warehouseId, itemId: bTarget.itemId, quantityChange: 1 })).status).toBe(404);
        });
      },
    },
    ...partnerRoutes('suppliers'),
    ...partnerRoutes('customers'),
    ...documentRoutes('receipts'),
    ...documentRoutes('shipments'),
    'POST /api/v1/transfers': {
      roles: ['ADMIN', 'MANAGER', 'USER'],
      call: async (who) => {
        const to = (await createWarehouse(t, a)).id;
        return http()
          .post('/api/v1/transfers')
          .set(who.auth)
          .send({ fromWarehouseId: aTarget.warehouseId, toWarehouseId: to, itemId: aTarget.itemId, quantity: 1 });
      },
      crossTenant: async () => {
        const bTarget = await stocked(t, b, 5);
        await unchanged(async () => {
          const send = (body: Record<string, unknown>) =>
            http()
              .post('/api/v1/transfers')
              .set(b.auth)
              .send({ quantity: 1, ...body });
          expect(
            (await send({ fromWarehouseId: aTarget.warehouseId, toWarehouseId: bTarget.warehouseId, itemId: aTarget.itemId })).status,
          ).toBe(404);
          expect(
            (await send({ fromWarehouseId: bTarget.warehouseId, toWarehouseId: aTarget.warehouseId, itemId: bTarget.itemId })).status,
          ).toBe(404);
          expect(
            (await send({ fromWarehouseId: bTarget.warehouseId, toWarehouseId: aTarget.warehouseId, itemId: aTarget.itemId })).status,
          ).toBe(404);
        });
      },
    },
  };

  /** A fresh login for `who` (logout and password tests must not kill the shared sessions). */
  async function loginAgain(who: Session, isolated = false): Promise<Session> {
    if (!isolated) {
      const res = await http().post('/api/v1/auth/login').send({ email: who.email, password: who.password });
      return { ...who, accessToken: res.body.accessToken, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
    }
    // A separate user with the same role, so revoking all its sessions harms nobody else.
    if (who.companyId !== a.companyId) throw new Error('isolated logins are for company A');
    const role = who === a ? 'ADMIN' : who === aManager ? 'MANAGER' : 'USER';
    return createMember(t, a, role);
  }

  function registeredRoutes(): string[] {
    const discovery = t.app.get(DiscoveryService);
    const scanner = t.app.get(MetadataScanner);
    const routes: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || !wrapper.metatype) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
      for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const handler = instance[name] as object;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const full = ['', base, path].join('/').replace(/\/+/g, '/').replace(/\/$/, '');
        const prefixed = full.startsWith('/health') ? full : `/api/v1${full}`;
        routes.push(`${RequestMethod[method]} ${prefixed}`);
      }
    }
    return routes.sort();
  }

  it('every registered route has a cross-tenant case and a role case, and nothing else is listed', () => {
    const registered = registeredRoutes();
    expect(registered.length).toBeGreaterThan(25);
    expect(registered).toEqual(Object.keys(ROUTES).sort());
    for (const [route, c] of Object.entries(ROUTES)) {
      if (c.roles !== 'public') expect({ route, hasCall: typeof c.call }).toEqual({ route, hasCall: 'function' });
    }
  });

  it('every non-public route refuses a request without a token', async () => {
    for (const route of Object.keys(ROUTES).filter((r) => ROUTES[r].roles !== 'public')) {
      const [method, path] = route.split(' ') as [string, string];
      const url = path.replace(':id', '00000000-0000-4000-8000-000000000000');
      const res = await http()[method.toLowerCase() as 'get'](url).send({});
      expect({ route, status: res.status }).toEqual({ route, status: 401 });
    }
  });

  describe.each(Object.keys(ROUTES))('%s', (route) => {
    it('company B cannot see or change company A', async () => {
      await ROUTES[route].crossTenant();
    });

    it('enforces its roles', async () => {
      const c = ROUTES[route];
      if (c.roles === 'public') return;
      for (const role of ['ADMIN', 'MANAGER', 'USER'] as const) {
        const res = await c.call!(as(role));
        const allowed = c.roles.includes(role);
        expect({ role, forbidden: res.status === 403, status: res.status < 500 }).toEqual({ role, forbidden: !allowed, status: true });
        if (allowed) expect(res.status).not.toBe(401);
      }
    });
  });
});
