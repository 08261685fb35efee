/** Counts the answers that refuse a request to protect the API (their error codes are in {@link ApiRefusal}). */
import type { Middleware } from 'koa';
import type { ApiMetrics } from './api-metrics';
import { ApiRefusal } from './names';

const CODES = new Set<string>(Object.values(ApiRefusal));

/** A Koa middleware, outside the error middleware, that counts each refusal by its error code. */
export function refusalMetrics(metrics: ApiMetrics): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      const code = (ctx.body as { error?: { code?: unknown } } | undefined)?.error?.code;
      if (typeof code === 'string' && CODES.has(code)) metrics.refused.inc({ code });
    }
  };
}
