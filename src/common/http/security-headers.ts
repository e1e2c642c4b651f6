import helmet from 'helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppConfig } from '@app/config/app-config';

const HSTS = 'max-age=31536000; includeSubDomains';

/** Whether the browser reached this API over HTTPS: the connection says so, or the configuration does. */
export const isHttps = (request: FastifyRequest, config: Pick<AppConfig, 'httpsOnly'>): boolean =>
  config.httpsOnly || request.protocol === 'https';

/**
 * The origin a browser on this API's own pages (Swagger UI at /docs) sends: scheme://host[:port] of
 * the request itself. Undefined when the Host header is not a usable host.
 */
export function ownOrigin(request: FastifyRequest, config: Pick<AppConfig, 'httpsOnly'>): string | undefined {
  const host = request.headers.host;
  if (!host) return undefined;
  try {
    const url = new URL(`${isHttps(request, config) ? 'https' : 'http'}://${host}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Helmet's headers, except the two that only make sense over HTTPS: HSTS, and the CSP directive
 * `upgrade-insecure-requests` (over plain HTTP from any host but localhost it makes the browser fetch
 * Swagger UI's scripts over https, which fails: a blank page). Both are added per request when the
 * request is HTTPS or HTTPS_ONLY=true says every client uses HTTPS (TLS ends at a proxy).
 */
export function registerSecurityHeaders(fastify: FastifyInstance, config: AppConfig): void {
  // helmet's middleware built once: @fastify/helmet builds a new one (parsing the CSP directives again) in
  // every request's hook, ~10 KB of garbage and two extra async hooks per request (docs/benchmarks.md).
  const securityHeaders = helmet({
    hsts: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (err?: unknown) => {
      if (err) return done(err as Error);
      if (isHttps(request, config)) {
        const csp = reply.raw.getHeader('content-security-policy');
        if (typeof csp === 'string') reply.raw.setHeader('content-security-policy', `${csp};upgrade-insecure-requests`);
        reply.raw.setHeader('strict-transport-security', HSTS);
      }
      done();
    });
  });
}

/**
 * `Cache-Control: no-store` on every response under the API prefix, errors included: they carry
 * tokens or tenant data, which no browser or proxy cache may keep.
 */
export function registerNoStore(fastify: FastifyInstance, prefix: string): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.url === prefix || request.url.startsWith(`${prefix}/`) || request.url.startsWith(`${prefix}?`)) {
      void reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}
