import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from './config/app-config';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation';
import { useCsvBodyForImports } from './common/http/csv-body';
import { useJsonBodyOnly } from './common/http/json-body';
import { TextInputPipe } from './common/pipes/text-input.pipe';
import { registerNoStore, registerSecurityHeaders } from './common/http/security-headers';
import { buildOpenApiDocument } from './common/http/openapi';

export const API_PREFIX = 'api/v1';
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Builds the fully configured application (not yet listening). Used by main.ts and the e2e tests. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    logger: false,
    // A URL Fastify cannot decode (e.g. percent-encoded invalid UTF-8) is refused before routing, so it
    // does not reach the exception filter: answer it with the same error body and request id.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      void reply
        .status(400)
        .header('x-request-id', request.id)
        .header('content-type', 'application/json; charset=utf-8')
        .send({
          statusCode: 400,
          error: 'Bad Request',
          message: error.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid: malformed percent-encoding' : 'Bad request',
          code: 'INVALID_URL',
          requestId: String(request.id),
        });
    },
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.raw as typeof request.raw & { id?: string }).id = String(request.id);
    void reply.header('x-request-id', request.id);
    done();
  });
  // Nest's own parsers (JSON and form encoding) stay off: JSON is the only body the API takes.
  useJsonBodyOnly(fastify, config.bodyLimitBytes);
  useCsvBodyForImports(fastify, config.importBodyLimitBytes);

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  await app.register(fastifyCookie);
  registerSecurityHeaders(fastify, config);
  registerNoStore(fastify, `/${API_PREFIX}`);
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: [...config.corsOrigins], credentials: true });
  }
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  app.useGlobalPipes(new TextInputPipe(), createValidationPipe());

  if (config.swaggerEnabled) {
    const document = buildOpenApiDocument(app);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  await app.init();
  return app;
}
