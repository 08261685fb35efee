/**
 * `GET /metrics`: the API's Prometheus metrics in the text format. Only labels of routes, event types,
 * outcomes and statuses: nothing about products. Keep it off the public ingress all the same.
 */
import Router from '@koa/router';
import { scrape, type ApiMetrics } from '../../metrics/api-metrics';
import type { ApiState } from '../ports';

/** Path of the metrics endpoint. */
export const METRICS_PATH = '/metrics';

/** The router of `GET /metrics`. */
export function metricsRouter(metrics: ApiMetrics): Router<ApiState> {
  const router = new Router<ApiState>();
  router.get(METRICS_PATH, async (ctx) => {
    const { contentType, body } = await scrape(metrics);
    ctx.type = contentType;
    ctx.body = body;
  });
  return router;
}
