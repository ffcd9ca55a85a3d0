import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppModule, AppOptions } from './app.module';
import { DomainError } from './common/errors/domain-error';
import { DomainExceptionFilter } from './common/errors/domain-exception.filter';

/** Segment's limits: 32 KB for one call, 500 KB for a batch. */
export const BODY_LIMITS = { event: 32 * 1024, batch: 500 * 1024, default: 1024 * 1024 };

const LOG_LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the HTTP application (used by main.ts and by the integration tests). */
export async function createApp(options: AppOptions): Promise<NestExpressApplication> {
  const upTo = LOG_LEVELS.indexOf(options.env.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    logger: LOG_LEVELS.slice(0, upTo + 1),
  });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Ids of events, transactions and audit entries are BIGINT: send them as strings.
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  app.use('/v1/batch', jsonBody(BODY_LIMITS.batch, true));
  app.use(/^\/v1\/(?!batch)/, jsonBody(BODY_LIMITS.event, true));
  app.use(jsonBody(BODY_LIMITS.default, false));
  app.useGlobalFilters(new DomainExceptionFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Retain API')
      .setDescription('Self-hosted retention engine: ingestion (Segment-compatible), customers, users and API keys.')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A session token from POST /api/auth/login, or an API key rk_...' })
      .addBasicAuth({ type: 'http', scheme: 'basic', description: 'Segment style: the write key (an ingest API key) as user name, no password' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  serveBuilder(app, options.env.RETAIN_BUILDER_DIR ?? path.join(options.env.repoRoot, 'apps', 'builder', 'dist'));
  return app;
}

/** A JSON body parser whose failures (too large, malformed) become domain errors with clear messages. */
function jsonBody(limit: number, anyContentType: boolean) {
  const parse = express.json({ limit, ...(anyContentType ? { type: () => true } : {}) });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => next(error ? bodyParserError(error as { type?: string; message?: string }, limit) : undefined));
}

function bodyParserError(error: { type?: string; message?: string }, limit: number): DomainError {
  if (error.type === 'entity.too.large') {
    return new DomainError('PAYLOAD_TOO_LARGE', `The request body is larger than the ${Math.round(limit / 1024)} KB this endpoint accepts.`);
  }
  if (error.type === 'entity.parse.failed') return new DomainError('MALFORMED_JSON', `The request body is not valid JSON: ${error.message}.`);
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return new DomainError('UNSUPPORTED_MEDIA_TYPE', error.message ?? 'Unsupported request encoding.');
  }
  return new DomainError('VALIDATION_FAILED', `The request body could not be read: ${error.message ?? 'unknown error'}.`);
}

/** The builder is a single-page app: its files, and index.html for any other GET outside the API. */
function serveBuilder(app: NestExpressApplication, dir: string) {
  if (!existsSync(path.join(dir, 'index.html'))) {
    new Logger('Builder').log(`No builder build in ${dir}; run npm run build to serve it.`);
    return;
  }
  // Vite names every file under assets/ after a hash of its content: a browser may keep them for
  // good. index.html names the current ones, so it is checked on every visit (a new build shows
  // at once instead of an hour later, and never asks for files that are gone).
  app.use('/assets', express.static(path.join(dir, 'assets'), { index: false, immutable: true, maxAge: '1y' }));
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.startsWith('/v1') || req.path.startsWith('/t/')) return next();
    res.sendFile(path.join(dir, 'index.html'), { headers: { 'Cache-Control': 'no-cache' } });
  });
}
