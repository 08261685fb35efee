/**
 * A fuzz case as plain data (what fast-check generates and reports), and how it becomes bytes on the wire.
 * Timestamps are relative to the send time and big bodies are built at send time, so 10,000 cases stay small.
 */
import { signEventPlatform, signEventsApi } from '../../src/akeneo/signature';
import { WEBHOOK_MAX_BODY_BYTES } from '../../src/api/raw-body';
import { rfc3339At } from './rfc3339';
import type { Json, JsonObject } from './valid';

/** The two webhook endpoints under fuzz. */
export const FuzzEndpoint = { EVENTS_API: 'events-api', EVENT_PLATFORM: 'event-platform' } as const;
export type FuzzEndpoint = (typeof FuzzEndpoint)[keyof typeof FuzzEndpoint];

/** Paths of the endpoints. */
export const FUZZ_PATHS: Record<FuzzEndpoint, string> = { 'events-api': '/akeneo/events', 'event-platform': '/akeneo/event-platform' };

/** The request body. */
export type BodySpec =
  | { kind: 'json'; value: Json }
  /** Exact text, sent as UTF-8. */
  | { kind: 'raw'; text: string }
  /** The JSON cut to `keep` (0–1, exclusive) of its bytes, at least 1 byte and at least 1 byte short. */
  | { kind: 'truncated'; value: Json; keep: number }
  /** The object with a `pad` field of `padBytes` characters: always more than the webhooks' 32 MiB limit. */
  | { kind: 'oversized'; value: JsonObject; padBytes: number }
  /** The CloudEvent with its `time` set `ageMs` before the send, written `offsetMinutes` east of UTC (a replayed capture). */
  | { kind: 'dated'; value: JsonObject; ageMs: number; offsetMinutes: number };

/** The legacy `X-Akeneo-Request-Timestamp` header. */
export type TimestampSpec = { kind: 'offset'; seconds: number } | { kind: 'raw'; value: string } | { kind: 'missing' };

/** The signature header(s). */
export type SignatureSpec =
  /** Correct: over the bytes sent (and, legacy, the timestamp sent). */
  | { kind: 'valid' }
  | { kind: 'missing' }
  /** This exact header value (also sent as the secondary, Event Platform). */
  | { kind: 'raw'; value: string }
  /** The right scheme with another secret. */
  | { kind: 'secret'; secret: string }
  /** Over the body before it was truncated. */
  | { kind: 'untruncated' }
  /** Legacy: over another timestamp (`seconds` from the one sent). */
  | { kind: 'timestamp'; seconds: number }
  /** The other format's scheme, with the right secret. */
  | { kind: 'other-scheme' }
  /** The correct signature, one hex digit changed, or one too short or too long. */
  | { kind: 'mangled'; how: 'flip' | 'short' | 'long'; at: number };

/** One generated request: invalid by construction, so the API must answer 4xx. */
export interface FuzzCase {
  endpoint: FuzzEndpoint;
  category: string;
  /** What exactly is wrong, for reports. */
  note: string;
  body: BodySpec;
  /** Legacy only (the Event Platform has no timestamp header). */
  timestamp?: TimestampSpec;
  signature: SignatureSpec;
  /** `null`: no `Content-Type` header. */
  contentType: string | null;
  /** Send without `Content-Length` (chunked), so the size limit applies while streaming. */
  chunked?: boolean;
}

/** The secrets the API under fuzz is configured with. */
export interface FuzzSecrets {
  events: string;
  platform: string;
}

/** A request ready to send. */
export interface WireRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  chunked: boolean;
}

/** Makes any string a legal header value: UTF-8 bytes read as latin1, control characters replaced. */
export function headerValue(s: string): string {
  // eslint-disable-next-line no-control-regex
  return Buffer.from(s, 'utf8').toString('latin1').replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '?');
}

function bodyBytes(spec: BodySpec, nowMs: number): { sent: Buffer; original: Buffer } {
  switch (spec.kind) {
    case 'json': {
      const b = Buffer.from(JSON.stringify(spec.value), 'utf8');
      return { sent: b, original: b };
    }
    case 'raw': {
      const b = Buffer.from(spec.text, 'utf8');
      return { sent: b, original: b };
    }
    case 'truncated': {
      const original = Buffer.from(JSON.stringify(spec.value), 'utf8');
      const n = Math.min(original.length - 1, Math.max(1, Math.floor(original.length * spec.keep)));
      return { sent: original.subarray(0, n), original };
    }
    case 'oversized': {
      const b = oversizedBody(spec.value, Math.max(spec.padBytes, WEBHOOK_MAX_BODY_BYTES + 1));
      return { sent: b, original: b };
    }
    case 'dated': {
      const b = Buffer.from(JSON.stringify({ ...spec.value, time: rfc3339At(nowMs - spec.ageMs, spec.offsetMinutes) }), 'utf8');
      return { sent: b, original: b };
    }
  }
}

/**
 * `{...value, pad: "xxx…"}` with `padBytes` x's, as bytes. The pad is written straight into the buffer rather than
 * through a 32 MiB string and `JSON.stringify`, which cost the fuzz's event loop about three copies of it per case.
 */
function oversizedBody(value: JsonObject, padBytes: number): Buffer {
  const head = JSON.stringify({ ...value, pad: '' });
  const tail = '"}';
  if (!head.endsWith('"pad":""}')) return Buffer.from(JSON.stringify({ ...value, pad: 'x'.repeat(padBytes) }), 'utf8');
  return Buffer.concat([Buffer.from(head.slice(0, -tail.length), 'utf8'), Buffer.alloc(padBytes, 'x'), Buffer.from(tail, 'utf8')]);
}

function timestampOf(spec: TimestampSpec | undefined, nowMs: number): string | undefined {
  if (!spec || spec.kind === 'missing') return undefined;
  if (spec.kind === 'raw') return headerValue(spec.value);
  return String(Math.floor(nowMs / 1000) + spec.seconds);
}

function mangle(hex: string, how: 'flip' | 'short' | 'long', at: number): string {
  const i = Math.abs(Math.floor(at)) % hex.length;
  if (how === 'short') return hex.slice(0, -1);
  if (how === 'long') return `${hex}${hex[i]}`;
  const digit = hex[i] === '0' ? '1' : '0';
  return `${hex.slice(0, i)}${digit}${hex.slice(i + 1)}`;
}

function signatureOf(c: FuzzCase, secrets: FuzzSecrets, body: { sent: Buffer; original: Buffer }, ts: string | undefined, nowMs: number): string | undefined {
  const legacy = c.endpoint === FuzzEndpoint.EVENTS_API;
  const secret = legacy ? secrets.events : secrets.platform;
  // The server trims header whitespace: sign what it will see.
  const t = (ts ?? '').trim();
  const sign = (s: string, raw: Buffer, stamp = t): string => (legacy ? signEventsApi(s, stamp, raw) : signEventPlatform(s, raw));
  const sig = c.signature;
  switch (sig.kind) {
    case 'valid':
      return sign(secret, body.sent);
    case 'missing':
      return undefined;
    case 'raw':
      return headerValue(sig.value);
    case 'secret':
      return sign(sig.secret, body.sent);
    case 'untruncated':
      return sign(secret, body.original);
    case 'timestamp':
      return sign(secret, body.sent, String(Number(t) + sig.seconds));
    case 'other-scheme':
      return legacy ? signEventPlatform(secret, body.sent) : signEventsApi(secret, String(Math.floor(nowMs / 1000)), body.sent);
    case 'mangled':
      return mangle(sign(secret, body.sent), sig.how, sig.at);
  }
}

/** Builds the bytes and headers of `c` at time `nowMs`. */
export function materialize(c: FuzzCase, secrets: FuzzSecrets, nowMs = Date.now()): WireRequest {
  const body = bodyBytes(c.body, nowMs);
  const headers: Record<string, string> = { 'User-Agent': 'akeneo-sync-fuzz' };
  if (c.contentType !== null) headers['Content-Type'] = headerValue(c.contentType);
  const ts = c.endpoint === FuzzEndpoint.EVENTS_API ? timestampOf(c.timestamp, nowMs) : undefined;
  const signature = signatureOf(c, secrets, body, ts, nowMs);
  if (c.endpoint === FuzzEndpoint.EVENTS_API) {
    if (ts !== undefined) headers['X-Akeneo-Request-Timestamp'] = ts;
    if (signature !== undefined) headers['X-Akeneo-Request-Signature'] = signature;
  } else if (signature !== undefined) {
    headers['X-AKENEO-SIGNATURE-PRIMARY'] = signature;
    headers['X-AKENEO-SIGNATURE-ALGORITHM'] = 'HmacSHA256';
    if (c.signature.kind === 'raw') headers['X-AKENEO-SIGNATURE-SECONDARY'] = signature;
  }
  return { path: FUZZ_PATHS[c.endpoint], headers, body: body.sent, chunked: c.chunked === true };
}

/** One line describing `c` (long values shortened). */
export function describeCase(c: FuzzCase): string {
  const shown = JSON.stringify(c.body.kind === 'oversized' ? { ...c.body, value: '…' } : c.body);
  return `${c.endpoint} ${c.category} (${c.note}): body ${shown.length > 300 ? `${shown.slice(0, 300)}…` : shown}`;
}
