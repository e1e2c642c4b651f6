/**
 * The practical ceiling for any Node server on this machine (issue 15): a bare Fastify + pg process that
 * serves the minimal movement (bench/minimal.sql.ts) over HTTP — body validated by a JSON schema, one
 * prepared statement on a pool as large as the API's, the answer serialised from a response schema. No
 * authentication, no tenant, no logging: what is left is HTTP parsing, the pg protocol and the event loop.
 *
 * Started by bench/arms/ceiling.ts as `node -r @swc-node/register bench/ceiling-server.ts` with
 * DATABASE_URL, PORT and POOL_SIZE; prints "ready" when listening.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';
import { MINIMAL_MOVEMENT_SQL } from './minimal.sql';

const uuid = { type: 'string', format: 'uuid' } as const;

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
  const app = Fastify({ logger: false });
  app.post<{ Body: { warehouseId: string; itemId: string; quantity: string; notes: string; userId: string } }>(
    '/movements',
    {
      schema: {
        body: {
          type: 'object',
          required: ['warehouseId', 'itemId', 'quantity', 'notes', 'userId'],
          additionalProperties: false,
          properties: {
            warehouseId: uuid,
            itemId: uuid,
            userId: uuid,
            quantity: { type: 'string', pattern: '^\\d{1,7}(\\.\\d{1,2})?$' },
            notes: { type: 'string', maxLength: 1000 },
          },
        },
        response: { 201: { type: 'object', properties: { id: { type: 'string' }, balanceAfter: { type: 'string' } } } },
      },
    },
    async (request, reply) => {
      const { warehouseId, itemId, quantity, notes, userId } = request.body;
      const { rows } = await pool.query<{ id: string; balance_after: string }>({
        name: 'minimal_movement',
        text: MINIMAL_MOVEMENT_SQL,
        values: [warehouseId, itemId, quantity, notes, userId],
      });
      const row = rows[0];
      if (!row) return reply.status(409).send({ id: '', balanceAfter: '' });
      return reply.status(201).send({ id: row.id, balanceAfter: row.balance_after });
    },
  );
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    void app.close().then(() => pool.end().then(() => process.exit(0)));
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
