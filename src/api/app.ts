/** The Koa app factory (kept apart from `listen` so tests serve it on port 0). */
import { randomUUID } from 'node:crypto';
import Koa, { type Middleware } from 'koa';
import type pino from 'pino';
import { DEFAULT_RECONCILE_SAFETY_MARGIN_MS } from '../config';
import { DEFAULT_EVENT_PLATFORM_MAX_EVENT_AGE_MS } from '../event-platform/event-age';
import { createApiMetrics } from '../metrics/api-metrics';
import { WebhookRoute } from '../metrics/names';
import { refusalMetrics } from '../metrics/refusal-metrics';
import { webhookMetrics } from '../metrics/webhook-metrics';
import { AdmittedStructureIntake } from './admitted-structure-intake';
import { BodyBudget } from './body-budget';
import { errorMiddleware } from './errors';
import { OPERATOR_TOKEN_KEY, operatorAuth } from './operator-auth';
import { BudgetedIntake } from './intake-budget';
import { EVENT_PLATFORM_MAX_EVENTS_IN_FLIGHT, GatedIntake } from './intake-gate';
import type { ApiDeps, ApiState } from './ports';
import { EVENT_PLATFORM_PATH, eventPlatformRouter } from './routes/event-platform';
import { EVENT_PLATFORM_NOTIFICATIONS_PATH, eventPlatformNotificationsRouter } from './routes/event-platform-notifications';
import { EVENTS_API_PATH, eventsApiRouter } from './routes/events-api';
import { METRICS_PATH, metricsRouter } from './routes/metrics';
import { openApiRouter } from './routes/openapi';
import { OPENAPI_PATH } from './openapi';
import { healthRouter, historyRouter } from './routes/products';
import { canonicalWebhookPaths } from './webhook-paths';

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
      // A 503 `handover_pending` is not a failure yet: its events are still being handed over (logged again when settled).
      const pending = (ctx.body as { error?: { code?: string } } | undefined)?.error?.code === 'handover_pending';
      const level = ctx.status >= 500 && !pending ? 'error' : ctx.status >= 400 ? 'warn' : 'info';
      ctx.state.log[level](line, 'request');
    }
  };
}

/** Warns, once per app, of each Event Platform route that answers 503 for want of its secret. */
function warnUnconfigured(deps: ApiDeps): void {
  const missing = [
    { route: `POST ${EVENT_PLATFORM_PATH}`, key: 'AKENEO_EVENT_PLATFORM_SECRET', set: Boolean(deps.config.eventPlatformSecrets) },
    { route: `POST ${EVENT_PLATFORM_NOTIFICATIONS_PATH}`, key: 'AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET', set: Boolean(deps.config.eventPlatformNotificationSecret) },
  ];
  for (const { route, key } of missing.filter((m) => !m.set)) {
    deps.logger.warn({ route, key }, `${key} is not set: ${route} answers 503 not_configured until it is`);
  }
}

/** Warns, once per app, that the operator routes answer anyone while no operator token is set. */
function warnOpenOperatorRoutes(deps: ApiDeps): void {
  if (deps.config.operatorToken) return;
  const routes = ['GET /products/:uuid/history', 'GET /product-models/:code/history', `GET ${METRICS_PATH}`, `GET ${OPENAPI_PATH}`];
  deps.logger.warn({ key: OPERATOR_TOKEN_KEY, routes }, `${OPERATOR_TOKEN_KEY} is not set: ${routes.join(', ')} answer without credentials`);
}

/**
 * Builds the API: the legacy webhook when its secret is set, the Event Platform routes always (they answer
 * 503 without their secret: a 404 would suspend the subscription), the probes, and the operator routes (history,
 * metrics, OpenAPI) behind `API_OPERATOR_TOKEN` when it is set.
 */
export function createApp(deps: ApiDeps): Koa {
  const app = new Koa<ApiState>();
  const now = deps.now ?? Date.now;
  const metrics = createApiMetrics();
  const bodies = deps.bodies ?? new BodyBudget();
  metrics.observeBodies(bodies);
  warnUnconfigured(deps);
  warnOpenOperatorRoutes(deps);
  const operator = operatorAuth(deps.config.operatorToken);
  // What befalls a connection after the error middleware comes here (a client gone before its answer, one cut off by
  // the server's timeouts): a log line, not Koa's stack trace on stderr.
  app.on('error', (err: NodeJS.ErrnoException) => deps.logger.info({ code: err.code }, 'connection ended before its answer was sent'));
  app.use(canonicalWebhookPaths([EVENT_PLATFORM_PATH, EVENT_PLATFORM_NOTIFICATIONS_PATH]));
  app.use(requestContext(deps.logger));
  app.use(
    webhookMetrics(metrics, {
      [EVENTS_API_PATH]: WebhookRoute.EVENTS_API,
      [EVENT_PLATFORM_PATH]: WebhookRoute.EVENT_PLATFORM,
      [EVENT_PLATFORM_NOTIFICATIONS_PATH]: WebhookRoute.EVENT_PLATFORM_NOTIFICATIONS,
    }),
  );
  app.use(refusalMetrics(metrics));
  app.use(errorMiddleware());
  const routers = [healthRouter(deps), historyRouter({ history: deps.history, operator }), metricsRouter(metrics, operator)];
  // One memory budget for both routes and structure events; the Event Platform route also sheds early (429), as the platform retries.
  const budget = new BudgetedIntake(deps.intake, deps.maxInFlight);
  const shedding = new GatedIntake(budget, { maxEvents: Math.min(EVENT_PLATFORM_MAX_EVENTS_IN_FLIGHT, budget.maxEvents) });
  metrics.observeIntake({
    eventsInFlight: () => budget.eventsInFlight,
    budget: budget.maxEvents,
    limit: () => shedding.limit,
  });
  routers.push(openApiRouter(deps.config, operator));
  if (deps.config.eventsApiSecret) {
    routers.push(eventsApiRouter({ secret: deps.config.eventsApiSecret, intake: budget, bodies, now, answerDeadlineMs: deps.answerDeadlinesMs?.eventsApi }));
  }
  const maxEventAgeMs = deps.config.eventPlatformMaxEventAgeMs ?? DEFAULT_EVENT_PLATFORM_MAX_EVENT_AGE_MS;
  routers.push(
    eventPlatformRouter({
      secrets: deps.config.eventPlatformSecrets,
      intake: shedding,
      structure: deps.structure && new AdmittedStructureIntake(deps.structure, [shedding, budget]),
      bodies,
      now,
      maxEventAgeMs,
      answerDeadlineMs: deps.answerDeadlinesMs?.eventPlatform,
    }),
  );
  routers.push(
    eventPlatformNotificationsRouter({
      secret: deps.config.eventPlatformNotificationSecret,
      notifications: deps.notifications,
      bodies,
      safetyMarginMs: deps.config.reconcileSafetyMarginMs ?? DEFAULT_RECONCILE_SAFETY_MARGIN_MS,
      now,
      maxEventAgeMs,
    }),
  );
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
