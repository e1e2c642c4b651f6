import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../src/tooling/embedded';
import { PRODUCTION_NODE_FLAGS, ROOT } from '../common';

/** The bare Fastify + pg server of bench/ceiling-server.ts in a child process, as the API runs (production heap flags). */
export class CeilingServer {
  child?: ChildProcess;
  base = '';

  async start(databaseUrl: string, poolSize: number): Promise<void> {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? PRODUCTION_NODE_FLAGS).split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeFlags, '-r', '@swc-node/register', join(ROOT, 'bench', 'ceiling-server.ts')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        POOL_SIZE: String(poolSize),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('ceiling server not ready in 60 s')), 60_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`ceiling server exited (${code})`));
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}
