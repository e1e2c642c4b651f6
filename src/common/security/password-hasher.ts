import { Global, HttpStatus, Inject, Injectable, Module } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
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
 */
@Injectable()
export class PasswordHasher {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Sign-ins waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  hash(password: string): Promise<string> {
    return this.withSlot(() => bcrypt.hash(password, this.config.bcryptCost));
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.withSlot(() => bcrypt.compare(password, hash));
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

@Global()
@Module({ providers: [PasswordHasher], exports: [PasswordHasher] })
export class PasswordHasherModule {}
