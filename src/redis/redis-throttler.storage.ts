import { Logger } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';

/**
 * One atomic round trip per hit: count the hit in a fixed window of `ttl` ms, and once the count
 * passes the limit, block the key for `blockDuration` ms (what @nestjs/throttler's own memory store
 * does, shared by every process). Returns { hits, msToExpire, blocked (0/1), msToBlockExpire }.
 */
const INCREMENT_SCRIPT = `
local hitsKey, blockKey = KEYS[1], KEYS[2]
local ttl, limit, blockDuration = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local blockTtl = redis.call('PTTL', blockKey)
if blockTtl > 0 then
  local hits = tonumber(redis.call('GET', hitsKey) or '0')
  return { hits, math.max(redis.call('PTTL', hitsKey), 0), 1, blockTtl }
end
local hits = redis.call('INCR', hitsKey)
local hitsTtl = redis.call('PTTL', hitsKey)
if hitsTtl < 0 then
  redis.call('PEXPIRE', hitsKey, ttl)
  hitsTtl = ttl
end
if hits > limit then
  redis.call('SET', blockKey, '1', 'PX', blockDuration)
  return { hits, hitsTtl, 1, blockDuration }
end
return { hits, hitsTtl, 0, 0 }
`;

type ScriptReply = [number, number, number, number];
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * @nestjs/throttler storage on Redis, so a limit counts once across every API process.
 *
 * Written here rather than taken from @nest-lab/throttler-storage-redis because that package's
 * peer range stops at NestJS 11; this is the whole of what it does for us, in one Lua script.
 *
 * Fails open: if Redis cannot answer (down, timeout), the hit is counted in this process's memory
 * instead (the behaviour without REDIS_URL), logged at most every 30 s, and the request goes on —
 * an outage of the limiter never turns into an outage of the API.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly fallback: ThrottlerStorage = new ThrottlerStorageService(),
    private readonly prefix = 'throttle:',
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}${throttlerName}:${key}`;
    try {
      const [hits, msToExpire, blocked, msToBlockExpire] = (await this.redis.eval(
        INCREMENT_SCRIPT,
        2,
        `${base}:hits`,
        `${base}:block`,
        ttl,
        limit,
        blockDuration > 0 ? blockDuration : ttl,
      )) as ScriptReply;
      return {
        totalHits: hits,
        timeToExpire: Math.ceil(msToExpire / 1000),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.ceil(msToBlockExpire / 1000),
      };
    } catch (err) {
      if (Date.now() - this.lastWarning > 30_000) {
        this.lastWarning = Date.now();
        this.logger.warn(`Rate limit store unavailable (${err instanceof Error ? err.message : String(err)}): counting in process memory`);
      }
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }
}
