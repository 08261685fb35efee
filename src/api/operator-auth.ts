/**
 * The operator routes' credentials: `Authorization: Bearer <API_OPERATOR_TOKEN>` (RFC 6750), compared in constant
 * time. Webhooks carry their own signatures, and the probes stay open for the kubelet.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { HttpError } from './errors';
import type { ApiState } from './ports';

/** The env key of the token, named in logs and errors. */
export const OPERATOR_TOKEN_KEY = 'API_OPERATOR_TOKEN';

/** The challenge sent with a 401 (RFC 6750 §3). */
export const OPERATOR_CHALLENGE = 'Bearer realm="akeneo-sync"';

const BEARER = /^Bearer +(\S+)$/i;

/** Both sides are hashed first, so the comparison takes the same time whatever the length of what was sent. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Guards an operator route: with `token` set, a request without that bearer token is answered 401
 * `unauthorized` with `WWW-Authenticate: Bearer`; without it, every request passes.
 */
export function operatorAuth(token: string | undefined): Middleware<ApiState> {
  if (!token) return (_ctx, next) => next();
  const expected = digest(token);
  return async (ctx, next) => {
    const presented = BEARER.exec(ctx.get('authorization'))?.[1] ?? '';
    if (!timingSafeEqual(digest(presented), expected)) {
      ctx.set('WWW-Authenticate', OPERATOR_CHALLENGE);
      throw new HttpError(401, 'unauthorized', `this route needs Authorization: Bearer <${OPERATOR_TOKEN_KEY}>`);
    }
    await next();
  };
}
