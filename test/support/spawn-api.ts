import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface RunningApi {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

const FROM_SOURCE = ['-r', '@swc-node/register', 'src/main.ts'];

/**
 * Starts the API in a child process: src/main.ts as `npm start` would run it (without the build step),
 * or, given `['dist/src/main.js']`, the compiled build exactly as `npm start` runs it after `nest build`.
 */
export function spawnApi(env: Record<string, string>, entry: readonly string[] = FROM_SOURCE): RunningApi {
  let out = '';
  const child = spawn(process.execPath, [...entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', JOBS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitForReady(baseUrl: string, timeoutMs: number, api: RunningApi): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.child.exitCode !== null) throw new Error(`API exited early:\n${api.output()}`);
    try {
      const res = await fetch(`${baseUrl}/health/ready`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`API not ready after ${timeoutMs} ms:\n${api.output()}`);
}
