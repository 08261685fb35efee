/** The Koa app factory (kept apart from `listen` so tests serve it on port 0). */
import { randomUUID } from 'node:crypto';
import Koa, { type Middleware } from 'koa';
import type pino from 'pino';
import { createApiMetrics } from '../metrics/api-metrics';
import { WebhookRoute } from '../metrics/names';
import { webhookMetrics } from '../metrics/webhook-metrics';
import { errorMiddleware } from './errors';
import { GatedIntake } from './intake-gate';
import type { ApiDeps, ApiState } from './ports';
import { EVENT_PLATFORM_PATH, eventPlatformRouter } from './routes/event-platform';
import { EVENTS_API_PATH, eventsApiRouter } from './routes/events-api';
import { metricsRouter } from './routes/metrics';
import { openApiRouter } from './routes/openapi';
import { healthRouter, historyRouter } from './routes/products';

/** Re-exported: the dependencies of {@link createApp}. */
export type { ApiDeps } from './ports';

/** Header carrying the request id, in and out. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Incoming ids are reused only when harmless in logs and headers. */
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Sets the request id and a child logger, and logs one line per request: never payloads or signatures. */
function requestContext(logger: pino.Logger): Middleware<ApiState> {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const incoming = ctx.get(REQUEST_ID_HEADER);
    const requestId = SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set(REQUEST_ID_HEADER, requestId);
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 };
      const level = ctx.status >= 500 ? 'error' : ctx.status >= 400 ? 'warn' : 'info';
      ctx.state.log[level](line, 'request');
    }
  };
}

/** Builds the API: webhook routes for each configured Akeneo source, history routes and probes. */
export function createApp(deps: ApiDeps): Koa {
  const app = new Koa<ApiState>();
  const now = deps.now ?? Date.now;
  const metrics = createApiMetrics();
  app.use(requestContext(deps.logger));
  app.use(webhookMetrics(metrics, { [EVENTS_API_PATH]: WebhookRoute.EVENTS_API, [EVENT_PLATFORM_PATH]: WebhookRoute.EVENT_PLATFORM }));
  app.use(errorMiddleware());
  const routers = [healthRouter(deps), historyRouter(deps), metricsRouter(metrics)];
  const intake = new GatedIntake(deps.intake, { maxEvents: deps.maxInFlight });
  metrics.observeIntake(intake);
  routers.push(openApiRouter(deps.config));
  if (deps.config.eventsApiSecret) {
    routers.push(eventsApiRouter({ secret: deps.config.eventsApiSecret, intake, now }));
  }
  if (deps.config.eventPlatformSecrets) {
    const { eventPlatformSecrets: secrets } = deps.config;
    routers.push(eventPlatformRouter({ secrets, intake }));
  }
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
