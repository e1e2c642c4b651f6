import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { RedisModule } from './redis/redis.module';
import { JobsModule } from './jobs/jobs.module';
import { PasswordHasherModule } from './common/security/password-hasher';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { JwtAuthGuard } from './common/guards/jwt-auth.guard';
import { RolesGuard } from './common/guards/roles.guard';
import { TenantContextInterceptor } from './common/interceptors/tenant-context.interceptor';
import { HealthModule } from './health/health.module';
import { httpLoggerOptions, logDestination } from './common/logging';
import { AuthModule } from './auth/auth.module';
import { UsersModule } from './users/users.module';
import { FEATURE_MODULES } from './feature-modules';
import { NaiveMovementsModule } from './bench-naive/naive-movements.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: [httpLoggerOptions(config.logLevel), logDestination()],
        }),
        ScheduleModule.forRoot(),
        JobsModule,
        PasswordHasherModule,
        DatabaseModule,
        RedisModule,
        HealthModule,
        AuthModule,
        UsersModule,
        ...FEATURE_MODULES,
        ...(config.benchNaiveRoute ? [NaiveMovementsModule] : []),
      ],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_INTERCEPTOR, useClass: TenantContextInterceptor },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
