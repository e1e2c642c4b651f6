import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from '../support/spawn-api';

/**
 * The lint rule that keeps repositories on the door (eslint.config.mjs): code outside the allow-list
 * cannot import the unscoped client, the cross-tenant settings or the pool, nor call $queryRaw.
 */
describe('ESLint keeps the unscoped database away from feature code', () => {
  const lint = async (file: string, code: string): Promise<string> => {
    const run = promisify(execFile)(
      process.execPath,
      ['node_modules/eslint/bin/eslint.js', '--format', 'json', '--stdin', '--stdin-filename', file],
      {
        cwd: ROOT,
        maxBuffer: 8 * 1024 * 1024,
      },
    );
    run.child.stdin?.end(code);
    const out = await run.then(
      (r) => r.stdout,
      (err: { stdout: string }) => err.stdout,
    );
    const [result] = JSON.parse(out) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
    return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`).join('\n');
  };

  const REACHING_AROUND = `
import { PrismaService } from '@app/database/prisma.service';
import { CrossTenant } from '@app/database/cross-tenant';

export class Sneaky {
  constructor(private readonly prisma: PrismaService) {}
  all(): Promise<unknown> {
    return CrossTenant.asCompany('x', () => this.prisma.$queryRaw\`SELECT * FROM items\`);
  }
  pool(): unknown {
    return this.prisma.pool;
  }
}
`;

  it('refuses it in a feature module', async () => {
    const messages = await lint('src/items/items.repository.ts', REACHING_AROUND);
    expect(messages).toMatch(/no-restricted-imports: .*prisma\.service/);
    expect(messages).toMatch(/no-restricted-imports: .*cross-tenant/);
    expect(messages).toMatch(/no-restricted-syntax: Raw SQL on tenant tables goes through TenantSql/);
    expect(messages).toMatch(/no-restricted-syntax: The pool is unscoped/);
  }, 120_000);

  it('allows it where crossing tenants is the job', async () => {
    const messages = await lint('src/auth/auth.repository.ts', REACHING_AROUND);
    expect(messages).not.toMatch(/no-restricted/);
  }, 120_000);
});
