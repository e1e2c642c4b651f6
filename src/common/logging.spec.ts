import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import { httpLoggerOptions } from './logging';

interface Line {
  level: number;
  msg: string;
  req: Record<string, unknown>;
  res: Record<string, unknown>;
  responseTime: number;
}

/** A server logging through the API's request-log options into memory; answers `status` with a cookie. */
async function logOf(status: number, headers: Record<string, string>): Promise<{ line: Line; raw: string }> {
  let raw = '';
  let logged!: () => void;
  const written = new Promise<void>((resolve) => (logged = resolve));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw += chunk.toString();
      logged();
      done();
    },
  });
  const log = pinoHttp(httpLoggerOptions('info'), sink);
  const server: Server = createServer((req, res) => {
    (req as IncomingMessage & { id?: string }).id = 'req-42';
    log(req, res);
    res.setHeader('set-cookie', 'refresh_token=cookie-secret; HttpOnly');
    res.statusCode = status;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/items?limit=5`, { method: 'POST', headers, body: '{"password":"body-secret"}' });
    await response.text();
    await written;
    return { line: JSON.parse(raw) as Line, raw };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('request log (httpLoggerOptions)', () => {
  const secrets = { authorization: 'Bearer token-secret', cookie: 'refresh_token=cookie-secret', 'x-api-key': 'header-secret' };

  it('logs the request and its outcome', async () => {
    const { line } = await logOf(201, secrets);
    expect(line.msg).toBe('request completed');
    expect(line.level).toBe(30);
    expect(line.req).toEqual({ id: 'req-42', method: 'POST', url: '/api/v1/items?limit=5', remoteAddress: '127.0.0.1' });
    expect(line.res).toEqual({ statusCode: 201 });
    expect(typeof line.responseTime).toBe('number');
  });

  it('never writes headers, cookies or bodies, whatever their name', async () => {
    const { raw } = await logOf(200, secrets);
    for (const secret of ['token-secret', 'cookie-secret', 'header-secret', 'body-secret']) expect(raw).not.toContain(secret);
    expect(raw).not.toMatch(/headers/i);
  });

  it('raises the level with the status', async () => {
    expect((await logOf(404, {})).line.level).toBe(40);
    expect((await logOf(503, {})).line.level).toBe(50);
  });
});
