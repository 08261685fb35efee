/** Reads the raw request bytes (the webhook signatures are computed over them) with a size limit. */
import type { Middleware } from 'koa';
import getRawBody from 'raw-body';
import { HttpError } from './errors';
import type { ApiState } from './ports';

/** Largest request body accepted by default (the notification webhooks): 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Largest body of an event webhook: 32 MiB. Akeneo puts the whole product in each event, up to 10 per legacy
 * request, and a product with many locales, channels or tables can weigh a few MB; its docs ask connectors to
 * raise their body-size limit for that reason (events-api best practices, "10 full products can be large").
 */
export const WEBHOOK_MAX_BODY_BYTES = 32 * 1024 * 1024;

function isRawBodyError(err: unknown): err is getRawBody.RawBodyError {
  return err instanceof Error && typeof (err as Partial<getRawBody.RawBodyError>).type === 'string';
}

/** Keeps the request body as a Buffer on `ctx.state.rawBody`; over the limit → 400 `body_too_large`. */
export function rawBody(limit = MAX_BODY_BYTES): Middleware<ApiState> {
  return async (ctx, next) => {
    try {
      ctx.state.rawBody = await getRawBody(ctx.req, { limit, length: ctx.get('content-length') || undefined });
    } catch (err) {
      // The rest of the body is never read: close the connection, or the next request on it would be garbled.
      ctx.set('Connection', 'close');
      // 413 is deliberately not used: Akeneo never retries and only logs 4xx/5xx alike.
      if (isRawBodyError(err) && err.type === 'entity.too.large') {
        throw new HttpError(400, 'body_too_large', `request body exceeds ${limit} bytes`);
      }
      if (isRawBodyError(err)) throw new HttpError(400, 'bad_request', 'could not read the request body');
      throw err;
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
