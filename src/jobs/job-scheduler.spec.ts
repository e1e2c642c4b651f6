import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

// Runs in a child process, since a process's time zone is fixed at its start (TZ).
const PRINT_NEXT_SLOT = `
const { JobScheduler } = require('./src/jobs/job-scheduler.ts');
const jobs = [];
new JobScheduler({ addCronJob: (_name, job) => jobs.push(job) }, {}).schedule('nightly', process.argv[1], async () => undefined);
jobs[0].stop();
console.log(jobs[0].nextDate().toJSDate().toISOString());
`;

/** The next slot the scheduler claims for `expression` in a process whose time zone is `tz`. */
function nextSlotIn(tz: string, expression: string): string {
  return execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', PRINT_NEXT_SLOT, expression], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TZ: tz },
    encoding: 'utf8',
  }).trim();
}

describe('JobScheduler slots', () => {
  it('are the same instant in every process, whatever its time zone (schedules are read in UTC)', () => {
    const slots = ['UTC', 'Asia/Tokyo', 'America/New_York'].map((tz) => nextSlotIn(tz, '0 3 * * *'));
    expect(slots[0]).toMatch(/T03:00:00\.000Z$/);
    expect(slots).toEqual([slots[0], slots[0], slots[0]]);
  });
});
