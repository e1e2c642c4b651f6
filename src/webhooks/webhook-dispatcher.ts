import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@app/config/app-config';
import { APP_CONFIG } from '@app/config/config.module';
import { type ClaimedDelivery, WebhookDispatchRepository } from './webhook-dispatch.repository';
import { sendWebhook } from './webhook-sender';

/** Companies looked at per round; the rest wait for the next round. */
const COMPANIES_PER_ROUND = 50;

/** Exponential backoff with full jitter (attempt 1, 2, 3…): a random delay in [0, min(max, base·2^(n−1))]. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.floor(random() * ceiling);
}

/**
 * One per process, off the request path: a timer loop (not cron) that claims due deliveries in small
 * batches per company (FOR UPDATE SKIP LOCKED, so several processes never send the same one), sends
 * them concurrently (at most `batchSize` at once), and records each outcome: SUCCEEDED, or PENDING with
 * the next attempt after a backoff, or FAILED once the retry window (24 h) since it was queued is over.
 * A slow receiver costs one of the batch's slots for at most the timeout; API requests never wait on it.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly repo: WebhookDispatchRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhooks.dispatcherEnabled) this.start();
  }

  /** Starts the loop (done at bootstrap unless WEBHOOK_DISPATCHER_ENABLED=false; the bench starts it itself). */
  start(): void {
    if (this.timer === undefined && !this.stopped) this.schedule(this.config.webhooks.pollIntervalMs);
  }

  /** Stops polling and waits for the round in flight, before the HTTP server and the database pool close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then((busy) => this.schedule(busy ? 0 : this.config.webhooks.pollIntervalMs))
        .catch((err: unknown) => {
          this.logger.error({ err }, 'Webhook dispatch round failed');
          this.schedule(this.config.webhooks.pollIntervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One round over the companies with due deliveries; true when a batch came back full (more may be due). */
  async runOnce(): Promise<boolean> {
    const { batchSize, timeoutMs } = this.config.webhooks;
    // The lease outlives the send: the timeout plus margin, so a slow receiver is not sent twice.
    const leaseSeconds = Math.ceil(timeoutMs / 1000) + 30;
    let busy = false;
    for (const companyId of await this.repo.companiesWithDueDeliveries(COMPANIES_PER_ROUND)) {
      if (this.stopped) break;
      const claimed = await this.repo.claim(companyId, leaseSeconds, batchSize);
      if (claimed.length === batchSize) busy = true;
      await Promise.all(claimed.map((d) => this.deliver(companyId, d)));
    }
    return busy;
  }

  private async deliver(companyId: string, d: ClaimedDelivery): Promise<void> {
    const w = this.config.webhooks;
    if (!d.isActive) {
      await this.repo.failed(companyId, d.id, null, 'endpoint is inactive', null);
      return;
    }
    const body = JSON.stringify({ type: d.eventType, timestamp: new Date(d.eventCreatedAt).toISOString(), data: d.payload });
    const result = await sendWebhook({ url: d.url, secret: d.secret, messageId: d.eventId, body }, w, w.timeoutMs);
    if (result.ok) {
      await this.repo.succeeded(companyId, d.id, result.status ?? 200);
      return;
    }
    const delay = retryDelayMs(d.attempts, w.retryBaseMs, w.retryMaxMs);
    const windowEnds = new Date(d.queuedAt).getTime() + w.retryWindowSeconds * 1000;
    const retry = Date.now() + delay < windowEnds ? delay : null;
    await this.repo.failed(companyId, d.id, result.status ?? null, result.error ?? 'failed', retry);
    if (retry === null) this.logger.warn({ deliveryId: d.id, attempts: d.attempts }, 'Webhook delivery failed for good');
  }
}
