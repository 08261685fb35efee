/**
 * `GET /metrics`: the API's Prometheus metrics in the text format. Only labels of routes, event types,
 * outcomes and statuses: nothing about products. Keep it off the public ingress all the same; with
 * `API_OPERATOR_TOKEN` set, Prometheus sends it as a bearer token.
 */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import { scrape, type ApiMetrics } from '../../metrics/api-metrics';
import type { ApiState } from '../ports';

/** Path of the metrics endpoint. */
export const METRICS_PATH = '/metrics';

/** The router of `GET /metrics`, behind `operator` (the operator's credentials). */
export function metricsRouter(metrics: ApiMetrics, operator: Middleware<ApiState>): Router<ApiState> {
  const router = new Router<ApiState>();
  router.get(METRICS_PATH, operator, async (ctx) => {
    const { contentType, body } = await scrape(metrics);
    ctx.type = contentType;
    ctx.body = body;
  });
  return router;
}
