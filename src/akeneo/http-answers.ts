/** Reading the PIM's HTTP answers: JSON bodies, Akeneo's error body, `Retry-After`. Knows nothing about Temporal. */
import { PimNetworkError } from './pim-errors';

/** An HTTP answer, read whole. */
export type RawResponse = { status: number; headers: Headers; text: string };

/** Parses `Retry-After` (integer seconds or an HTTP-date) into whole seconds; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** The headers of a REST call with the access token `token`. */
export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, Accept: 'application/json' };
}

/** The answer's JSON body; a `PimNetworkError` when it is not JSON. */
export function parseJson<T>(url: string, res: RawResponse): T {
  try {
    return JSON.parse(res.text) as T;
  } catch (err) {
    throw new PimNetworkError(`PIM answered ${res.status} with a body that is not JSON (${new URL(url).pathname})`, { cause: err });
  }
}

/** Akeneo's error body `{code, message}`, as far as the answer has one. */
export function errorBody(text: string): { code?: number; message?: string } | undefined {
  try {
    const { code, message } = (JSON.parse(text) ?? {}) as { code?: unknown; message?: unknown };
    return { code: typeof code === 'number' ? code : undefined, message: typeof message === 'string' ? message : undefined };
  } catch {
    return undefined;
  }
}
