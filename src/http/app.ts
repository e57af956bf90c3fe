import express, { type ErrorRequestHandler, type Router } from 'express';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isAppError, type ErrorCode } from '../domain/errors.js';
import type { Logger } from '../logging/logger.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

// How each error code answers over HTTP: the one table for this transport.
const statusByCode: Record<ErrorCode, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAVAILABLE: 503,
  TOO_LARGE: 413,
  UNSUPPORTED: 415,
  INTERNAL: 500,
};

declare module 'express-serve-static-core' {
  interface Request {
    log: Logger;
  }
}

export function createHttpApp(deps: { log: Logger; readiness: ReadinessCheck[]; routers?: Router[] }) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use((req, res, next) => {
    const requestId = req.get('x-request-id')?.slice(0, 64) || randomUUID();
    res.setHeader('x-request-id', requestId);
    // The child logger is made on first use: most requests never log.
    let log: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      get: () => (log ??= deps.log.child({ requestId, method: req.method, path: req.path })),
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (req, res) => {
    const results = await Promise.all(
      deps.readiness.map(async ({ name, check }) => {
        try {
          await check();
          return { name, ok: true as const };
        } catch (error) {
          return { name, ok: false as const, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const failed = results.filter((r) => !r.ok);
    const checks = Object.fromEntries(results.map((r) => [r.name, r.ok ? 'ok' : 'unreachable']));
    if (failed.length > 0) {
      req.log.warn({ failed }, 'not ready');
      res.status(503).json({ status: 'unavailable', failed: failed.map((r) => r.name), checks });
      return;
    }
    res.json({ status: 'ready', checks });
  });

  for (const router of deps.routers ?? []) app.use(router);

  app.use((req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}` } });
  });

  const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
    // body-parser errors (bad JSON, too large) carry a status of their own.
    const bodyStatus = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : null;
    const status = isAppError(error) ? statusByCode[error.code] : (bodyStatus ?? 500);
    const code = isAppError(error) ? error.code : bodyStatus ? 'VALIDATION' : 'INTERNAL';
    const message = status >= 500 && !isAppError(error) ? 'Internal server error' : (error as Error).message;
    (req.log ?? deps.log)[status >= 500 ? 'error' : 'warn']({ err: error, status }, 'request failed');
    if (res.headersSent) return;
    res.status(status).json({ error: { code, message } });
  };
  app.use(errorHandler);

  return app;
}

/** A route served by a plain Node handler, ahead of express (the webhook). */
export interface HotRoute {
  method: 'POST' | 'GET';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** The HTTP server: `hotRoutes` answered directly, everything else by the express app. */
export function createHttpServer(app: ReturnType<typeof createHttpApp>, hotRoutes: HotRoute[] = []): Server {
  return createServer((req, res) => {
    const path = req.url?.split('?', 1)[0];
    const hot = hotRoutes.find((route) => route.method === req.method && route.path === path);
    if (hot) void hot.handle(req, res);
    else app(req, res);
  });
}
