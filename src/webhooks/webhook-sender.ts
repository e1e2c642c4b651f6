import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { checkWebhookUrl, UnsafeUrlError, type UrlPolicy } from './url-guard';

export interface OutgoingWebhook {
  readonly url: string;
  readonly secret: string;
  /** The event id: the same on every retry and redelivery, so receivers can de-duplicate. */
  readonly messageId: string;
  readonly body: string;
}

export interface SendResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly error?: string;
}

/** Standard Webhooks headers for `body`: webhook-id, webhook-timestamp, webhook-signature (v1, HMAC-SHA256). */
export function signatureHeaders(secret: string, messageId: string, body: string, at = new Date()): Record<string, string> {
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': new Webhook(secret).sign(messageId, timestamp, body),
  };
}

/**
 * One POST: the URL is checked (SSRF guard) and the connection goes to the address that was checked;
 * no redirects are followed (node:http never follows them; a 3xx is a failure); the whole exchange
 * is bounded by `timeoutMs`; the response body is drained and ignored.
 */
export async function sendWebhook(message: OutgoingWebhook, policy: UrlPolicy, timeoutMs: number): Promise<SendResult> {
  let checked;
  try {
    checked = await checkWebhookUrl(message.url, policy);
  } catch (err) {
    return { ok: false, error: err instanceof UnsafeUrlError ? err.message : 'url check failed' };
  }
  const url = new URL(message.url);
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
        { address: checked.address, family: checked.family },
      ]);
    } else callback(null, checked.address, checked.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendResult>((resolve) => {
    const req = send(
      url,
      {
        method: 'POST',
        lookup: pinned,
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'warehouse-inventory-webhooks/1',
          ...signatureHeaders(message.secret, message.messageId, message.body),
        },
      },
      (res: IncomingMessage) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `HTTP ${status}` });
        });
        res.on('error', (err) => resolve({ ok: false, status: res.statusCode, error: err.message.slice(0, 500) }));
        // A response cut off without an error event (aborted at the timeout) settles the send too: 'close'
        // follows 'end', so after a complete response this is a no-op.
        res.on('close', () => resolve({ ok: false, status: res.statusCode, error: 'connection closed before the response ended' }));
      },
    );
    req.on('error', (err) => {
      const timedOut = err.name === 'AbortError' || err.name === 'TimeoutError';
      resolve({ ok: false, error: timedOut ? `timed out after ${timeoutMs} ms` : err.message.slice(0, 500) });
    });
    req.end(message.body);
  });
}
