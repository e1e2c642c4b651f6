import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import type { Options } from 'pino-http';

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

/**
 * The request log: one line per request (health checks aside) at a level from its status, with what an
 * operator needs to follow a request — its id, method, URL, caller address, status and duration — and
 * nothing else. The fields are listed, not censored after the fact: headers (Authorization, cookies,
 * Set-Cookie) and bodies never reach the log, and a header added later cannot leak into it. Censoring
 * with pino's `redact` cost 3–9 µs and ~12 KB of garbage per line (docs/benchmarks.md).
 */
export function httpLoggerOptions(level: string): Options {
  return {
    level,
    // Fastify assigned the id (from a valid X-Request-Id or a new UUID); reuse it.
    genReqId: (req) => req.id ?? 'unknown',
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        remoteAddress: req.socket?.remoteAddress,
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  };
}
