import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

/**
 * A webhook receiver on the loopback. Every request's Standard Webhooks signature is verified with the
 * endpoint's secret (a bad one is answered 400 and counted in `badSignatures`). `failWith` makes it
 * answer that status (and accept nothing) until cleared. `hold` keeps answers back (`held` counts the requests
 * waiting) until `release()`. `waitFor` resolves when a predicate holds.
 */
export class WebhookReceiver {
  readonly accepted: Received[] = [];
  readonly refusedAttempts: string[] = [];
  badSignatures = 0;
  failWith: number | null = null;
  secret = '';
  hold = false;
  private readonly heldAnswers: Array<() => void> = [];
  private server!: Server;
  private waiters: Array<() => void> = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        try {
          new Webhook(this.secret).verify(body, req.headers as Record<string, string>);
        } catch {
          this.badSignatures += 1;
          res.writeHead(400).end();
          return;
        }
        if (this.hold) {
          this.heldAnswers.push(() => this.answer(req.headers, body, res));
          for (const wake of this.waiters.splice(0)) wake();
          return;
        }
        this.answer(req.headers, body, res);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  get held(): number {
    return this.heldAnswers.length;
  }

  /** Stops holding and answers every request held so far. */
  release(): void {
    this.hold = false;
    for (const answer of this.heldAnswers.splice(0)) answer();
  }

  private answer(headers: IncomingHttpHeaders, body: string, res: ServerResponse): void {
    const id = String(headers['webhook-id']);
    if (this.failWith !== null) {
      this.refusedAttempts.push(id);
      res.writeHead(this.failWith).end();
    } else {
      const parsed = JSON.parse(body) as Omit<Received, 'id' | 'headers'>;
      this.accepted.push({ id, headers, ...parsed });
      res.writeHead(204).end();
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves once `check()` is true (re-checked after every request), or rejects after `timeoutMs`. */
  async waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('webhook receiver: timed out waiting');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  ofType(type: string): Received[] {
    return this.accepted.filter((r) => r.type === type);
  }

  /** Closes the server and every connection still open to it (a sender's keep-alive socket would hold close). */
  stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    return closed;
  }
}
