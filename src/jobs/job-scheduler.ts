import { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

/** Registers a cron job whose expression comes from configuration; failures are logged, never thrown. */
export function scheduleJob(registry: SchedulerRegistry, name: string, expression: string, work: () => Promise<unknown>): void {
  const logger = new Logger('Jobs');
  const job = CronJob.from({
    cronTime: expression,
    onTick: () => {
      work().catch((err: unknown) => logger.error({ err, job: name }, `Job ${name} failed`));
    },
    start: true,
  });
  registry.addCronJob(name, job);
}
