import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { APP_CONFIG } from '@app/config/config.module';
import { REDIS } from '@app/redis/redis.module';
import { RedisThrottlerStorage } from '@app/redis/redis-throttler.storage';
import type { AppConfig } from '@app/config/app-config';
import { JobScheduler } from '@app/jobs/job-scheduler';
import { normalizeEmail } from '@app/common/dto/email';
import { UsersModule } from '@app/users/users.module';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { AuthThrottlerGuard } from './auth-throttler.guard';
import { JwtStrategy } from './jwt.strategy';
import { TokenCleanupService } from './token-cleanup.service';
import { hashToken, REFRESH_COOKIE } from './tokens';

type ThrottledRequest = { ip?: string; body?: { email?: unknown; refreshToken?: unknown }; cookies?: Record<string, string | undefined> };

/** The account an auth request is about: the email for register/login, the token for refresh. */
function accountTracker(req: ThrottledRequest): string {
  const email = req.body?.email;
  if (typeof email === 'string' && email) return 'email:' + createHash('sha256').update(normalizeEmail(email)).digest('hex');
  const token = typeof req.body?.refreshToken === 'string' ? req.body.refreshToken : req.cookies?.[REFRESH_COOKIE];
  if (token) return 'token:' + hashToken(token);
  return 'ip:' + (req.ip ?? 'unknown');
}

@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwt.accessSecret,
        signOptions: {
          algorithm: 'HS256',
          expiresIn: config.jwt.accessTtlSeconds,
          issuer: config.jwt.issuer,
          audience: config.jwt.audience,
        },
        verifyOptions: { algorithms: ['HS256'], issuer: config.jwt.issuer, audience: config.jwt.audience },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: Redis | null) => ({
        // Without Redis the counters live in this process (the library's memory store).
        storage: redis ? new RedisThrottlerStorage(redis, undefined, `${config.redisKeyPrefix}throttle:`) : undefined,
        throttlers: [
          {
            name: 'ip',
            ttl: config.throttle.ttlSeconds * 1000,
            limit: config.throttle.ipLimit,
            getTracker: (req: ThrottledRequest) => req.ip ?? 'unknown',
          },
          // Checked in this order, and a refused request stops here: attempts already refused per IP do
          // not count against the account's all-IP ceiling, so one noisy IP cannot lock the owner out.
          {
            name: 'account-ip',
            ttl: config.throttle.ttlSeconds * 1000,
            limit: config.throttle.accountIpLimit,
            getTracker: (req: ThrottledRequest) => `${accountTracker(req)}|ip:${req.ip ?? 'unknown'}`,
          },
          {
            name: 'account',
            ttl: config.throttle.ttlSeconds * 1000,
            limit: config.throttle.accountLimit,
            getTracker: (req: ThrottledRequest) => accountTracker(req),
          },
        ],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AuthRepository, JwtStrategy, TokenCleanupService, AuthThrottlerGuard],
  exports: [AuthService, TokenCleanupService, AuthRepository],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobScheduler,
    private readonly cleanup: TokenCleanupService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.jobs.enabled) {
      this.jobs.schedule('token-cleanup', this.config.jobs.tokenCleanupCron, () => this.cleanup.run());
    }
  }
}
