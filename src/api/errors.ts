/** HTTP errors with stable codes, and the one middleware that turns any error into a JSON answer. */
import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import type { ApiState } from './ports';

/** An error the API answers with a given status and a stable machine-readable `code`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string };
}

function describeZodError(err: ZodError): string {
  const first = err.issues[0];
  if (!first) return 'invalid payload';
  const path = first.path.length > 0 ? first.path.map(String).join('.') : '(root)';
  return `invalid payload at ${path}: ${first.message}`;
}

const BARE_STATUS_CODES: Record<number, string> = { 404: 'not_found', 405: 'method_not_allowed', 501: 'not_implemented' };

/** Maps HttpError to its status, ZodError to 400 `invalid_payload`, anything else to 500 `internal`; all as JSON. */
export function errorMiddleware(): Middleware<ApiState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status >= 400 && ctx.body == null) {
        // The router's bare 404/405/501: same JSON shape as every other error.
        const status = ctx.status;
        const code = BARE_STATUS_CODES[status] ?? 'error';
        ctx.body = { error: { code, message: `${ctx.method} ${ctx.path}: ${code.replace(/_/g, ' ')}` } } satisfies ErrorBody;
        ctx.status = status;
      }
    } catch (err) {
      let status = 500;
      let body: ErrorBody = { error: { code: 'internal', message: 'internal error' } };
      if (err instanceof HttpError) {
        status = err.status;
        body = { error: { code: err.code, message: err.message } };
      } else if (err instanceof ZodError) {
        status = 400;
        body = { error: { code: 'invalid_payload', message: describeZodError(err) } };
      } else {
        ctx.state.log.error({ err }, 'unhandled error');
      }
      ctx.status = status;
      ctx.body = body;
    }
  };
}
