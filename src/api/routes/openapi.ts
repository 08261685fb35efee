/** `GET /openapi.json`: the OpenAPI 3 description of this very app (only the routes it serves). */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { ApiConfig } from '../../config';
import { buildOpenApiDocument, OPENAPI_PATH } from '../openapi';
import type { ApiState } from '../ports';

/**
 * The router serving the OpenAPI document behind `operator` (the operator's credentials), built once from whether
 * the legacy webhook and the operator token are configured.
 */
export function openApiRouter(config: Pick<ApiConfig, 'eventsApiSecret' | 'operatorToken'>, operator: Middleware<ApiState>): Router<ApiState> {
  const document = buildOpenApiDocument({ eventsApi: Boolean(config.eventsApiSecret), operatorAuth: Boolean(config.operatorToken) });
  const router = new Router<ApiState>();
  router.get(OPENAPI_PATH, operator, (ctx) => {
    ctx.body = document;
  });
  return router;
}
