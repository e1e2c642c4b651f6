/**
 * What the running totals cost a movement (issue 15), measured against PostgreSQL alone: pgbench runs the API's
 * own OUTBOUND statement (prepared, 8 clients), random rows and one hot row, in alternating rounds "with" (as
 * shipped: the totals kept in the statement, the inventory trigger seeing the flag) and "without" (the same
 * statement with its totals CTE and running-total column taken out, the totals triggers disabled) on one
 * seeded database.
 *   node -r @swc-node/register bench/totals-ab.ts [rounds]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as bcrypt from 'bcrypt';
import { Client } from 'pg';
import { applyMigrations } from '../src/tooling/schema-engine';
import { createDatabase, dropDatabase, startTestServer, uniqueDatabaseName } from '../test/support/test-database';
import { apiStatementScript } from './arms/pgbench';
import { median, round } from './common';
import { QUICK, seedBench } from './seed';

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 4);
  const server = await startTestServer();
  const name = uniqueDatabaseName('totals_ab');
  await createDatabase(server.adminUrl, name);
  const url = server.urlFor(name);
  const db = new Client({ connectionString: url });
  try {
    await applyMigrations(url);
    await db.connect();
    await seedBench(db, QUICK, await bcrypt.hash('bench password 12345', 4));
    if (process.env.TOTALS_AB_SQL) await db.query(process.env.TOTALS_AB_SQL); // an experiment (e.g. an index dropped)
    const dir = mkdtempSync(join(tmpdir(), 'totals-ab-'));
    const withTotals = apiStatementScript();
    const withoutTotals = withTotals
      .replace(/,\n\s*-- Running totals[\s\S]*?RETURNING set_config\('app\.totals_inline', 'on', true\)\)/, '')
      .replace(/,\n\s*-- running total \(below[^\n]*\n[^\n]*active_quantity[^\n]*/, '');
    if (withoutTotals === withTotals || withoutTotals.includes('warehouse_totals') || withoutTotals.includes('active_quantity')) {
      throw new Error('could not take the totals out of the statement');
    }
    const run = (hot: boolean, statement: string): number => {
      const vars = hot ? '\\set c 1\n\\set w 1\n\\set i 1\n' : `\\set c random(1, ${QUICK.companies})\n\\set w random(1, ${QUICK.warehouses})\n\\set i random(1, ${QUICK.items})\n`;
      const script = join(dir, `m${hot ? 'h' : 'r'}.sql`);
      writeFileSync(script, `${vars}${statement.trim()};\n`);
      const out = execFileSync('pgbench', ['-n', '-M', 'prepared', '-c', '8', '-j', '2', '-T', '8', '-f', script, url], { encoding: 'utf8' });
      return Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? NaN);
    };
    const toggle = (on: boolean) =>
      db.query(`ALTER TABLE inventory ${on ? 'ENABLE' : 'DISABLE'} TRIGGER inventory_totals_update; ALTER TABLE inventory ${on ? 'ENABLE' : 'DISABLE'} TRIGGER inventory_totals_insert`);
    for (const hot of [false, true]) {
      const on: number[] = [];
      const off: number[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const enabled of r % 2 === 0 ? [true, false] : [false, true]) {
          await toggle(enabled);
          (enabled ? on : off).push(run(hot, enabled ? withTotals : withoutTotals));
        }
      }
      await toggle(true);
      console.log(`${hot ? 'hot row' : 'random rows'}: with totals ${round(median(on))} tps, without ${round(median(off))} tps, with/without ${round((median(on) / median(off)) * 100)} % (rounds: with ${on.map((x) => round(x)).join(', ')}; without ${off.map((x) => round(x)).join(', ')})`);
    }
  } finally {
    await db.end().catch(() => undefined);
    await dropDatabase(server.adminUrl, name).catch(() => undefined);
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
