import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';

/** The shared Redis connection, or null when REDIS_URL is not set (state then stays in process memory). */
export const REDIS = Symbol('REDIS');

/**
 * One ioredis connection per process, tuned to fail fast: no offline queue and a short command
 * timeout, so a Redis outage costs a request a few milliseconds (its callers fall back), never a hang.
 * ioredis keeps reconnecting in the background.
 */
export function createRedis(url: string, logger = new Logger('Redis')): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let lastError = 0;
  redis.on('error', (err: Error) => {
    // Reconnect attempts repeat the same error every few hundred ms: log it at most every 30 s.
    if (Date.now() - lastError < 30_000) return;
    lastError = Date.now();
    logger.warn(`Redis unavailable (${err.message}); rate limits fall back to this process's memory until it returns`);
  });
  return redis;
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Redis | null => (config.redisUrl ? createRedis(config.redisUrl) : null),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
