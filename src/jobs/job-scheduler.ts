import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { hostname } from 'node:os';
import { PrismaService } from '@app/database/prisma.service';

/** How long the record of each run is kept (it is also the evidence that a slot ran once). */
const RUN_RETENTION_DAYS = 30;

/**
 * Schedules the maintenance jobs so that each scheduled slot runs once, however many API processes
 * are up: every process's timer fires, and the one whose INSERT of (job, slot) into `job_runs`
 * succeeds runs it; the others see the conflict and skip. (The jobs' advisory locks only prevent two
 * runs from overlapping; a process whose timer fired late would still have run the same slot again.)
 * The slot is the instant the cron expression scheduled (read in UTC), not the time the timer fired,
 * so every process computes the same one. Failures are logged, never thrown.
 */
@Injectable()
export class JobScheduler {
  private readonly logger = new Logger('Jobs');
  private readonly runner = `${hostname()}:${process.pid}`.slice(0, 100);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly prisma: PrismaService,
  ) {}

  schedule(name: string, expression: string, work: () => Promise<unknown>): void {
    // In UTC, not the process's time zone: every process must compute the same slot. Two hosts in
    // different zones would otherwise each claim their own "03:00" and the job would run twice a day.
    const job = CronJob.from({ cronTime: expression, onTick: () => undefined, start: false, timeZone: 'UTC' });
    let due = job.nextDate().toJSDate();
    job.addCallback(() => {
      const slot = due;
      due = job.nextDate().toJSDate();
      this.runOnce(name, slot, work).catch((err: unknown) => this.logger.error({ err, job: name }, `Job ${name} failed`));
    });
    this.registry.addCronJob(name, job);
    job.start();
  }

  /** Runs `work` if this process claims the slot; returns whether it ran. */
  async runOnce(name: string, slot: Date, work: () => Promise<unknown>): Promise<boolean> {
    const pool = this.prisma.pool;
    const claim = await pool.query('INSERT INTO job_runs (job, slot, runner) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      name,
      slot,
      this.runner,
    ]);
    if (claim.rowCount !== 1) return false;
    this.logger.log({ job: name, slot: slot.toISOString(), runner: this.runner }, `Job ${name} claimed its slot`);
    let outcome = 'failed';
    try {
      await work();
      outcome = 'ok';
    } finally {
      await pool.query('UPDATE job_runs SET finished_at = now(), outcome = $3 WHERE job = $1 AND slot = $2', [name, slot, outcome]);
      await pool.query(`DELETE FROM job_runs WHERE job = $1 AND started_at < now() - make_interval(days => $2)`, [
        name,
        RUN_RETENTION_DAYS,
      ]);
    }
    return true;
  }
}
