/**
 * Custom headers of a subscription's `config.headers`: https://api.akeneo.com/event-platform/concepts.html
 * ("Custom HTTP Headers"): at most 5; names `[a-zA-Z0-9-]` up to 128 characters; values printable ASCII up to 256;
 * reserved names refused; sent after signing, so not covered by the HMAC.
 */
import { isObject, type Problems } from './validation';

const MAX_HEADERS = 5;
const NAME = /^[A-Za-z0-9-]{1,128}$/;
const VALUE = /^[\x20-\x7e]{0,256}$/;
const RESERVED = new Set(['content-type', 'user-agent', 'x-correlation-id', 'host', 'authorization', 'cookie']);

/** Records every problem of a `config.headers` value. */
export function checkHeaders(problems: Problems, headers: unknown): void {
  if (!isObject(headers)) {
    problems.add('config.headers must be an object of header names to values');
    return;
  }
  const entries = Object.entries(headers);
  if (entries.length > MAX_HEADERS) problems.add(`config.headers may hold at most ${MAX_HEADERS} headers`);
  for (const [name, value] of entries) {
    if (!NAME.test(name)) problems.add(`config.headers: invalid header name ${JSON.stringify(name)}`);
    const lower = name.toLowerCase();
    if (RESERVED.has(lower) || lower.startsWith('x-akeneo-signature-')) problems.add(`config.headers: ${name} is a reserved header`);
    if (typeof value !== 'string' || !VALUE.test(value)) problems.add(`config.headers: the value of ${name} must be printable ASCII, at most 256 characters`);
  }
}
