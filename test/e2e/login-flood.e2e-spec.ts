import { readFileSync, readdirSync } from 'node:fs';
import { PasswordHasher } from '@app/common/security/password-hasher';
import { bootApp, registerCompany, type Session, type TestApp } from '../support/app';

describe('bcrypt work is bounded: a sign-in flood gets 503 + Retry-After, not unbounded latency', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp({ BCRYPT_CONCURRENCY: '1', BCRYPT_QUEUE_LIMIT: '2' });
    s = await registerCompany(t, 'flood');
  });
  afterAll(() => t.close());

  it('queues up to the limit behind a busy slot and refuses the rest at once', async () => {
    const hasher = t.app.get(PasswordHasher);
    let release!: () => void;
    // Hold the only slot until the test says so: every sign-in now has to queue.
    const held = hasher.withSlot(() => new Promise<void>((resolve) => (release = resolve)));
    const login = () => t.http().post('/api/v1/auth/login').send({ email: s.email, password: s.password });
    const queued = [login(), login()].map((r) => r.then((res) => res)); // sent now
    // Wait until both are queued (their bodies are parsed and validated first): poll the hasher's queue.
    while (hasher.queued < 2) await new Promise((r) => setImmediate(r));
    const refused = await login();
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({ statusCode: 503, code: 'BUSY' });
    release();
    await held;
    expect((await Promise.all(queued)).map((r) => r.status)).toEqual([200, 200]);
  });

  it('hashes and compares on a thread of lower CPU priority (nice 10), so a burst of sign-ins yields to the rest', async () => {
    const hasher = t.app.get(PasswordHasher);
    // This process's threads by nice value (field 19 of /proc/<pid>/task/<tid>/stat, counted after the name).
    const niceOf = (): number[] =>
      readdirSync('/proc/self/task').map((tid) => {
        try {
          return Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
        } catch {
          return NaN; // a thread that ended meanwhile
        }
      });
    const hash = await hasher.hash('a password of some length');
    expect(await hasher.compare('a password of some length', hash)).toBe(true);
    expect(await hasher.compare('another password', hash)).toBe(false);
    // The app's hashing thread (one slot: BCRYPT_CONCURRENCY 1) at nice 10, beside threads at the process's 0.
    expect(niceOf().filter((n) => n === 10)).toHaveLength(1);
    expect(niceOf()).toContain(0);
  });
});
