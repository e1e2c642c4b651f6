import { Client } from 'pg';
import { replicaBinaries, startPrimaryWithReplica, type PrimaryWithReplica } from '../support/replica';

const bin = replicaBinaries();
if (!bin) console.log('Skipping the read-replica tests: pg_basebackup is not installed (apt-get install postgresql)');

(bin ? describe : describe.skip)('a streaming read replica', () => {
  let servers: PrimaryWithReplica;

  beforeAll(async () => {
    servers = await startPrimaryWithReplica(bin as string);
  }, 120_000);
  afterAll(() => servers?.stop());

  it('replays what the primary writes and refuses writes of its own', async () => {
    const primary = new Client({ connectionString: servers.primaryUrl('postgres') });
    const replica = new Client({ connectionString: servers.replicaUrl('postgres') });
    await primary.connect();
    await replica.connect();
    try {
      await primary.query('CREATE TABLE probe (v int)');
      await primary.query('INSERT INTO probe VALUES (42)');
      await servers.caughtUp();
      expect((await replica.query<{ v: number }>('SELECT v FROM probe')).rows).toEqual([{ v: 42 }]);
      await expect(replica.query('INSERT INTO probe VALUES (1)')).rejects.toMatchObject({ code: '25006' });
    } finally {
      await primary.end();
      await replica.end();
    }
  });
});
