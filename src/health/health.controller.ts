import { Controller, Get, Inject } from '@nestjs/common';
import type Redis from 'ioredis';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '@app/common/decorators/auth.decorators';
import { DatabaseHealth } from '@app/database/database-health';
import { REDIS } from '@app/redis/redis.module';

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly database: DatabaseHealth,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    const redis = this.redis;
    return this.health.check([
      async () => {
        const check = this.indicator.check('database');
        try {
          await this.database.ping();
          return check.up({ ...(await this.database.rlsStatus()) });
        } catch (err) {
          return check.down({ message: err instanceof Error ? err.message.slice(0, 200) : 'unreachable' });
        }
      },
      ...(redis ? [() => this.redisStatus(redis)] : []),
      // Reported, never failing readiness: without the replica, reads fall back to the primary.
      async () => {
        const replica = await this.database.replicaStatus();
        return replica ? this.indicator.check('replica').up(replica) : {};
      },
    ]);
  }

  /**
   * Reported, never failing readiness: without Redis the API keeps serving with per-process rate
   * limits, so taking every process out of the load balancer would turn a degraded limiter into an outage.
   */
  private async redisStatus(redis: Redis) {
    const check = this.indicator.check('redis');
    try {
      await redis.ping();
      return check.up({ rateLimits: 'shared' });
    } catch (err) {
      return check.up({
        rateLimits: 'per-process (Redis unreachable)',
        message: err instanceof Error ? err.message.slice(0, 200) : 'unreachable',
      });
    }
  }
}
