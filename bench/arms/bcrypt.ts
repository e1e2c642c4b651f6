import * as bcrypt from 'bcrypt';
import { LOGIN_CONCURRENCY, PASSWORD, timing } from '../common';

/** bcrypt alone: compares per second with as many in flight as the login arm, on this machine. */
export async function bcryptAlone(hash: string): Promise<number> {
  let done = 0;
  const until = Date.now() + timing.measure * 1000;
  await Promise.all(
    Array.from({ length: LOGIN_CONCURRENCY }, async () => {
      while (Date.now() < until) {
        await bcrypt.compare(PASSWORD, hash);
        done++;
      }
    }),
  );
  return done / timing.measure;
}
