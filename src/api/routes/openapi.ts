/** `GET /openapi.json`: the OpenAPI 3 description of this very app (only the routes it serves). */
import Router from '@koa/router';
import type { ApiConfig } from '../../config';
import { buildOpenApiDocument, OPENAPI_PATH } from '../openapi';
import type { ApiState } from '../ports';

/** The router serving the OpenAPI document, built once from whether the legacy webhook is configured. */
export function openApiRouter(config: Pick<ApiConfig, 'eventsApiSecret'>): Router<ApiState> {
  const document = buildOpenApiDocument({ eventsApi: Boolean(config.eventsApiSecret) });
  const router = new Router<ApiState>();
  router.get(OPENAPI_PATH, (ctx) => {
    ctx.body = document;
  });
  return router;
}
