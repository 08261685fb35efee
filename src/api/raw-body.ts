/** Reads the raw request bytes (the webhook signatures are computed over them) with a size limit and a byte budget. */
import type { Middleware } from 'koa';
import type { BodyBudget } from './body-budget';
import { HttpError } from './errors';
import type { ApiState } from './ports';
import { BodyReadError, BodyReadFailure, readBody } from './read-body';

/** Largest request body accepted by default (the notification webhooks): 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Largest body of an event webhook: 32 MiB. Akeneo puts the whole product in each event, up to 10 per legacy
 * request, and a product with many locales, channels or tables can weigh a few MB; its docs ask connectors to
 * raise their body-size limit for that reason (events-api best practices, "10 full products can be large").
 */
export const WEBHOOK_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Seconds a client refused for want of budget is told to wait. */
const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * Keeps the request body as a Buffer on `ctx.state.rawBody`, counted against `budget` while it is read. Over
 * `limit` → 400 `body_too_large`; the budget full → 429 `busy` with `Retry-After` (the Event Platform slows down
 * and retries; Akeneo's legacy sender treats every refusal alike); the connection is then closed.
 */
export function rawBody(budget: BodyBudget, limit = MAX_BODY_BYTES): Middleware<ApiState> {
  return async (ctx, next) => {
    try {
      ctx.state.rawBody = await readBody(ctx.req, limit, budget);
    } catch (err) {
      if (!(err instanceof BodyReadError)) throw err;
      // The rest of the body is never read: close the connection, or the next request on it would be garbled.
      ctx.set('Connection', 'close');
      // 413 is deliberately not used: Akeneo never retries and only logs 4xx/5xx alike.
      if (err.failure === BodyReadFailure.TOO_LARGE) throw new HttpError(400, 'body_too_large', `request body exceeds ${limit} bytes`);
      if (err.failure === BodyReadFailure.BUSY) {
        ctx.set('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
        throw new HttpError(429, 'busy', 'too many request bodies are being read at once; retry');
      }
      throw new HttpError(400, 'bad_request', 'could not read the request body');
    }
    await next();
  };
}

/** Parses the raw body as JSON; malformed → 400 `invalid_json`. */
export function parseRawJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'request body is not valid JSON');
  }
}
