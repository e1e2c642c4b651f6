import { Global, HttpStatus, Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { AppError } from '@app/common/errors/app-error';

/**
 * Every bcrypt hash and compare of the API goes through here, at most `concurrency` at a time with
 * at most `queueLimit` waiting; beyond that the request is refused at once with 503 and Retry-After.
 *
 * bcrypt at cost 12 is ~250 ms of CPU on libuv's thread pool; twenty logins at once would take every
 * core from the rest of the API (movements fell from 591 to 270 req/s during 4 parallel logins) and
 * make each login wait for all the others. Bounding the work keeps a core for everything else, and
 * bounding the queue turns a login flood into fast, honest refusals instead of unbounded latency.
 * A counting semaphore with a bounded queue is a dozen lines; no maintained library offers the
 * reject-when-full part without pulling in an ESM-only dependency, so it is written here.
 *
 * The work runs on hashing threads of lower CPU priority (`BCRYPT_NICE`, 10 by default): with one of two
 * cores given to bcrypt at the process's own priority, movements kept 57–78 % of their throughput
 * during login bursts (docs/benchmarks.md, "Login bursts at a lower priority"); a niced thread takes
 * the CPU the rest leaves idle, and little more while the machine is busy.
 */
@Injectable()
export class PasswordHasher implements OnModuleDestroy {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly threads: HashingThread[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Sign-ins waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  hash(password: string): Promise<string> {
    return this.withSlot(() => this.thread().run<string>({ op: 'hash', password, cost: this.config.bcryptCost }));
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.withSlot(() => this.thread().run<boolean>({ op: 'compare', password, hash }));
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.threads.splice(0).map((t) => t.stop()));
  }

  /** The least busy live hashing thread; one more (up to `concurrency`, which bounds the work in flight) if all are busy. */
  private thread(): HashingThread {
    for (let i = this.threads.length - 1; i >= 0; i--) if (this.threads[i].dead) this.threads.splice(i, 1);
    const idle = this.threads.find((t) => t.inFlight === 0);
    if (idle) return idle;
    if (this.threads.length < this.config.passwordHashing.concurrency) {
      const created = new HashingThread(this.config.passwordHashing.nice);
      this.threads.push(created);
      return created;
    }
    return this.threads.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
  }

  /** Runs `work` in one of the slots (waiting in the queue if need be), or refuses with 503 when the queue is full. */
  async withSlot<T>(work: () => Promise<T>): Promise<T> {
    const { concurrency, queueLimit } = this.config.passwordHashing;
    if (this.active < concurrency) {
      this.active++;
    } else if (this.waiting.length < queueLimit) {
      // The releasing run hands its slot straight to us (active stays counted).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      throw new AppError(HttpStatus.SERVICE_UNAVAILABLE, 'BUSY', 'Too many sign-ins at once; retry in a moment', 1);
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * A hashing thread's code, plain JavaScript evaluated as the worker's script (so it runs the same from dist/
 * and from the TypeScript sources under test). The thread lowers its own priority — on Linux a thread has its
 * own nice value, and os.setPriority takes the thread's id — then runs bcrypt synchronously, a job at a time.
 */
const HASHING_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcrypt);
if (workerData.nice > 0) {
  try {
    const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    require('node:os').setPriority(tid, workerData.nice);
  } catch {
    // Not Linux: the thread keeps the process's priority.
  }
}
parentPort.on('message', ({ id, op, password, hash, cost }) => {
  try {
    parentPort.postMessage({ id, result: op === 'hash' ? bcrypt.hashSync(password, cost) : bcrypt.compareSync(password, hash) });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});`;

type HashingJob = { op: 'hash'; password: string; cost: number } | { op: 'compare'; password: string; hash: string };

class HashingThread {
  dead = false;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(nice: number) {
    this.worker = new Worker(HASHING_THREAD, {
      eval: true,
      workerData: { bcrypt: require.resolve('bcrypt'), nice },
    });
    this.worker.unref(); // idle, it must not keep the process alive
    this.worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const job = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error === undefined) job?.resolve(m.result);
      else job?.reject(new Error(m.error));
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`hashing thread exited (${code})`)));
  }

  get inFlight(): number {
    return this.pending.size;
  }

  run<T>(job: HashingJob): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, ...job });
    });
  }

  async stop(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }

  /** The thread died: what it was doing fails (the caller answers 500), and the next job gets a new thread. */
  private fail(err: Error): void {
    this.dead = true;
    for (const job of this.pending.values()) job.reject(err);
    this.pending.clear();
  }
}

@Global()
@Module({ providers: [PasswordHasher], exports: [PasswordHasher] })
export class PasswordHasherModule {}
