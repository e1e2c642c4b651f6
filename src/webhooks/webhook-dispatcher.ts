import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@app/config/app-config';
import { APP_CONFIG } from '@app/config/config.module';
import { type ClaimedDelivery, type DeliveryOutcome, WebhookDispatchRepository } from './webhook-dispatch.repository';
import { sendWebhook } from './webhook-sender';

/** Companies looked at per round; the rest wait for the next round. */
const COMPANIES_PER_ROUND = 50;

/** Exponential backoff with full jitter (attempt 1, 2, 3…): a random delay in [0, min(max, base·2^(n−1))]. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.floor(random() * ceiling);
}

/** Event-loop utilisation above which the process counts as busy serving requests. */
export const BUSY_UTILIZATION = 0.5;
/** The pause after a round that came back full, when the process is not busy: just long enough to look. */
const MIN_PAUSE_MS = 2;
/** The longest pause a busy process imposes, so deliveries keep moving however long a round took. */
const MAX_PAUSE_MS = 2_000;
/**
 * Batches a company's turn may send when the process is not busy: the per-round costs (the look-up of
 * companies, the fan-out statement) are shared by up to this many claims. Under load a turn sends one batch,
 * and the round yields (pauseAfterFullRound). (What bounded the idle drain rate was elsewhere: recording a
 * batch's outcomes, see RECORD in webhook-dispatch.repository.ts.)
 */
export const IDLE_BATCHES_PER_COMPANY = 4;

/**
 * The pause before the next round when the last one came back full (more is waiting). While the rest of
 * the process is busy (event-loop utilisation during the previous pause, when the dispatcher itself did
 * nothing, above BUSY_UTILIZATION), the dispatcher keeps to `sharePercent` of the time: a round of d ms is
 * followed by d × (100 − share) / share ms. Otherwise it goes on at once and drains the backlog at full speed.
 * Hand-written: no library paces a background loop by the event loop's load.
 */
export function pauseAfterFullRound(roundMs: number, utilizationWhilePaused: number, sharePercent: number): number {
  if (utilizationWhilePaused <= BUSY_UTILIZATION || sharePercent >= 100) return MIN_PAUSE_MS;
  return Math.min(MAX_PAUSE_MS, Math.max(MIN_PAUSE_MS, (roundMs * (100 - sharePercent)) / sharePercent));
}

/**
 * One per process, off the request path: a timer loop (not cron) that fans new events out to their
 * endpoints (one delivery each, queued in batches), then claims due deliveries in small
 * batches per company (FOR UPDATE SKIP LOCKED, so several processes never send the same one), sends
 * them concurrently (at most `batchSize` at once), and records each outcome: SUCCEEDED, or PENDING with
 * the next attempt after a backoff, or FAILED once the retry window (24 h) since it was queued is over.
 * A slow receiver costs one of the batch's slots for at most the timeout; API requests never wait on it.
 * While requests keep the process busy, it yields (pauseAfterFullRound): a backlog waits rather than
 * slowing the API, and drains once the load falls.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Where the next round's look-up of companies with events starts (round robin). */
  private cursor: string | undefined;

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
    const pauseStarted: EventLoopUtilization = performance.eventLoopUtilization();
    this.timer = setTimeout(() => {
      // What the rest of the process did while the dispatcher waited: its own work is all awaited in a round.
      const load = performance.eventLoopUtilization(pauseStarted).utilization;
      const roundStarted = performance.now();
      const { pollIntervalMs, sharePercentUnderLoad } = this.config.webhooks;
      this.running = this.runOnce(load <= BUSY_UTILIZATION ? IDLE_BATCHES_PER_COMPANY : 1)
        .then((full) =>
          this.schedule(full ? pauseAfterFullRound(performance.now() - roundStarted, load, sharePercentUnderLoad) : pollIntervalMs),
        )
        .catch((err: unknown) => {
          this.logger.error({ err }, 'Webhook dispatch round failed');
          this.schedule(this.config.webhooks.pollIntervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /**
   * One round over the companies with work: each company's pending events are fanned out to their
   * endpoints' deliveries, then up to `batches` batches of its due deliveries are claimed, sent, and their
   * outcomes recorded (one statement per batch), while they come back full. True when the last batch came
   * back full (more may be waiting): the next round starts at once.
   */
  async runOnce(batches = 1): Promise<boolean> {
    const { batchSize, timeoutMs } = this.config.webhooks;
    // The lease outlives the send: the timeout plus margin, so a slow receiver is not sent twice.
    const leaseSeconds = Math.ceil(timeoutMs / 1000) + 30;
    let busy = false;
    const { companies, cursor } = await this.repo.companiesWithWork(COMPANIES_PER_ROUND, this.cursor);
    this.cursor = cursor;
    for (const companyId of companies) {
      if (this.stopped) break;
      // As many events as deliveries claimed: the fan-out keeps just ahead of the sending, so a round's cost
      // stays small (fanning out 500 events per round made each ~150 ms while 16 deliveries were sent).
      if ((await this.repo.fanOut(companyId, batchSize * batches)) === batchSize * batches) busy = true;
      for (let batch = 0; batch < batches && !this.stopped; batch += 1) {
        const claimed = await this.repo.claim(companyId, leaseSeconds, batchSize);
        await this.repo.record(companyId, await Promise.all(claimed.map((d) => this.deliver(d))));
        if (claimed.length < batchSize) break;
        if (batch === batches - 1) busy = true;
      }
    }
    return busy;
  }

  private async deliver(d: ClaimedDelivery): Promise<DeliveryOutcome> {
    const w = this.config.webhooks;
    if (!d.isActive) return { id: d.id, state: 'FAILED', code: null, error: 'endpoint is inactive', retryInMs: null };
    const body = JSON.stringify({ type: d.eventType, timestamp: new Date(d.eventCreatedAt).toISOString(), data: d.payload });
    const result = await sendWebhook({ url: d.url, secret: d.secret, messageId: d.eventId, body }, w, w.timeoutMs);
    if (result.ok) return { id: d.id, state: 'SUCCEEDED', code: result.status ?? 200, error: null, retryInMs: null };
    const delay = retryDelayMs(d.attempts, w.retryBaseMs, w.retryMaxMs);
    const windowEnds = new Date(d.queuedAt).getTime() + w.retryWindowSeconds * 1000;
    const retry = Date.now() + delay < windowEnds ? delay : null;
    if (retry === null) this.logger.warn({ deliveryId: d.id, attempts: d.attempts }, 'Webhook delivery failed for good');
    return {
      id: d.id,
      state: retry === null ? 'FAILED' : 'PENDING',
      code: result.status ?? null,
      error: result.error ?? 'failed',
      retryInMs: retry,
    };
  }
}
