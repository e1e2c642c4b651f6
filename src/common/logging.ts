import pino from 'pino';

/** How often buffered log lines are written at the latest, in ms. */
const FLUSH_INTERVAL_MS = 200;

/**
 * Where the API's logs go: stdout through a buffered, asynchronous pino destination. pino's default writes
 * every line with a synchronous write(2) — one system call per request at LOG_LEVEL=info, ~6 % of a
 * movement's CPU (docs/benchmarks.md). Buffered, lines leave in blocks of up to 4 KB, at the latest every
 * 200 ms; pino flushes what is left synchronously when the process exits.
 */
export function logDestination(): pino.DestinationStream {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => {
    try {
      destination.flush();
    } catch {
      /* a write is in progress or the stream is closing: the next tick or the exit flush takes it */
    }
  }, FLUSH_INTERVAL_MS).unref();
  return destination;
}
