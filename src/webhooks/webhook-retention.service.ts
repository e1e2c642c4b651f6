import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { PrismaService } from '@app/database/prisma.service';
import { deleteInBatches, forEachCompany, JOB_LOCKS, runExclusive } from '@app/database/exclusive-job';

/**
 * The nightly webhook retention job: deletes the events older than WEBHOOK_RETENTION_DAYS none of whose
 * deliveries is still PENDING (an event being retried, or not yet fanned out, is kept whatever its age), with their delivery log
 * (ON DELETE CASCADE). Once across processes (advisory lock), company by company (row-level security), in
 * batches so no transaction holds many locks for long.
 */
@Injectable()
export class WebhookRetentionService {
  private readonly logger = new Logger(WebhookRetentionService.name);

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(): Promise<{ ran: boolean; deleted: number }> {
    const outcome = await runExclusive(this.prisma.pool, JOB_LOCKS.webhookRetention, async (client) => {
      let total = 0;
      await forEachCompany(client, async () => {
        total += await deleteInBatches(
          client,
          `DELETE FROM webhook_events WHERE id IN (
             SELECT e.id FROM webhook_events e
              WHERE e.created_at < now() - make_interval(days => $1) AND e.fanned_out
                AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                                 WHERE d.company_id = e.company_id AND d.event_id = e.id AND d.status = 'PENDING')
              LIMIT $2)`,
          [this.config.jobs.webhookRetentionDays],
        );
      });
      return total;
    });
    const deleted = outcome.ran ? outcome.result : 0;
    this.logger.log({ job: 'webhook-retention', deleted, ran: outcome.ran }, `Webhook retention deleted ${deleted} events`);
    return { ran: outcome.ran, deleted };
  }
}
