import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/tooling/embedded';
import { PRODUCTION_NODE_FLAGS, ROOT, round } from './common';

/** One signing secret per bench run: a token issued by one API process must be accepted by another. */
const JWT_ACCESS_SECRET = randomBytes(48).toString('base64url');

/** The compiled API in a child process, as production runs it, with its RSS and event-loop probes. */
export class Api {
  child!: ChildProcess;
  base = '';
  private rssPeak = 0;
  /** Peak RSS since start-up, never reset: the run's peak over every arm (issue 15: < 250 MB). */
  private runPeak = 0;
  private sampler?: NodeJS.Timeout;
  readonly eldFile = join(mkdtempSync(join(tmpdir(), 'bench-eld-')), 'eld.json');

  /** `root`: the checkout whose dist/ to run (another one for A/B comparisons, bench/rls-ab.ts). */
  async start(databaseUrl: string, root = ROOT): Promise<void> {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    // The heap flags recommended for production (docs/operations.md); BENCH_NODE_FLAGS overrides them.
    const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? PRODUCTION_NODE_FLAGS).split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeFlags, '-r', join(ROOT, 'bench', 'eld-probe.cjs'), join(root, 'dist', 'src', 'main.js')], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        JWT_ACCESS_SECRET,
        // A full run lasts ~30 min and logs in once per company: tokens must outlive it (they expired at
        // 15 min and every later arm measured 401s).
        JWT_ACCESS_TTL_SECONDS: '86400',
        MIGRATE_ON_START: 'false',
        SEED_DEMO_DATA: 'false',
        JOBS_ENABLED: 'false',
        SWAGGER_ENABLED: 'false',
        LOG_LEVEL: 'info',
        BENCH_NAIVE_ROUTE: 'true',
        // The load generator logs in from one IP as few accounts: lift the auth rate limits.
        AUTH_THROTTLE_IP_LIMIT: '100000',
        AUTH_THROTTLE_ACCOUNT_LIMIT: '100000',
        // (and the per account-and-IP one: at its default of 10 a minute the login arms measured 429s)
        AUTH_THROTTLE_ACCOUNT_IP_LIMIT: '100000',
        BENCH_ELD_FILE: this.eldFile,
        // The integration arms' webhook receiver listens on the loopback (bench/arms/integration.ts).
        WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
        WEBHOOK_REQUIRE_HTTPS: 'false',
        ...(process.env.BENCH_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE } : {}),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error('API exited during start-up');
      try {
        if ((await fetch(`${this.base}/health/ready`)).status === 200) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error('API not ready in 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    this.sampler = setInterval(() => {
      const rss = this.rssMb();
      this.rssPeak = Math.max(this.rssPeak, rss);
      this.runPeak = Math.max(this.runPeak, rss);
    }, 250);
  }

  rssMb(): number {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  }

  /** Peak RSS since the last call, in MB. */
  takeRssPeak(): number {
    const peak = Math.max(this.rssPeak, this.rssMb());
    this.rssPeak = 0;
    return round(peak);
  }

  /** Peak RSS since start-up, in MB (sampled every 250 ms). */
  runRssPeak(): number {
    return round(Math.max(this.runPeak, this.rssMb()));
  }

  resetEld(): void {
    this.child.kill('SIGUSR2');
  }

  async eldP99(): Promise<number> {
    // The probe writes every 200 ms: wait for a write that covers the whole arm.
    await new Promise((r) => setTimeout(r, 300));
    try {
      return (JSON.parse(readFileSync(this.eldFile, 'utf8')) as { p99: number }).p99;
    } catch {
      return NaN;
    }
  }

  async stop(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    this.child.kill('SIGTERM');
    await new Promise((r) => this.child.once('exit', r));
  }
}
