import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { JobScheduler } from '@app/jobs/job-scheduler';
import { WebhookDispatchRepository } from './webhook-dispatch.repository';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookRetentionService } from './webhook-retention.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/**
 * Endpoints and their delivery log. Events are queued by database triggers (the outbox, migration
 * *_integration); the dispatcher sends them.
 */
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksRepository, WebhookDispatchRepository, WebhookDispatcher, WebhookRetentionService],
})
export class WebhooksModule implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobScheduler,
    private readonly retention: WebhookRetentionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.jobs.enabled) return;
    // Nightly housekeeping, on the token-cleanup schedule like the idempotency keys.
    this.jobs.schedule('webhook-retention', this.config.jobs.tokenCleanupCron, () => this.retention.run());
  }
}
