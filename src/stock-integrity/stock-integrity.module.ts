import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { JobScheduler } from '@app/jobs/job-scheduler';
import { StockIntegrityService } from './stock-integrity.service';

@Module({ providers: [StockIntegrityService], exports: [StockIntegrityService] })
export class StockIntegrityModule implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobScheduler,
    private readonly integrity: StockIntegrityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.jobs.enabled) return;
    this.jobs.schedule('stock-verify', this.config.jobs.stockVerifyCron, () => this.integrity.verify());
    // Idempotency keys share the token-cleanup schedule: both are nightly housekeeping.
    this.jobs.schedule('idempotency-cleanup', this.config.jobs.tokenCleanupCron, () => this.integrity.cleanupIdempotencyKeys());
  }
}
