/**
 * Replays of signed Event Platform requests. The platform signs the body only, with no timestamp, so a captured
 * delivery verifies forever: one re-sent after `EVENT_PLATFORM_MAX_EVENT_AGE` must be refused (400 `stale_event`)
 * and applied nowhere, and one re-sent many times inside the window must be counted as a duplicate without
 * crowding the entity's history. The stale captures are also a category of the fuzz's bad Event Platform requests
 * ({@link staleReplayCaseArb}); the re-sends inside the window need a synced product, so a worker and a PIM, and
 * stay in test/integration/fuzz.test.ts.
 */
import fc from 'fast-check';
import { signEventPlatform } from '../../src/akeneo/signature';
import { DEFAULT_EVENT_PLATFORM_MAX_EVENT_AGE_MS } from '../../src/event-platform/event-age';
import { rfc3339At } from './rfc3339';
import { FUZZ_PATHS, FuzzEndpoint, type FuzzCase, type WireRequest } from './spec';
import { platformEventArb, uuidArb, type JsonObject } from './valid';

const YEAR_MS = 365 * 86_400_000;

/** A capture to re-send: a valid CloudEvent dated `ageMs` before the send, written with a UTC offset of `offsetMinutes`. */
export interface StaleCapture {
  event: JsonObject;
  ageMs: number;
  offsetMinutes: number;
}

/** Well-formed structure events and events of types the connector ignores: a replay of one is refused all the same. */
const otherTypeEventArb: fc.Arbitrary<JsonObject> = fc
  .tuple(
    uuidArb,
    fc.constantFrom<{ type: string; data: JsonObject }>(
      { type: 'com.akeneo.pim.v1.category.created', data: { category: { code: 'summer' } } },
      { type: 'com.akeneo.pim.v1.attribute.deleted', data: { attribute: { code: 'color' } } },
      { type: 'com.akeneo.pim.v1.asset.updated.delta', data: { asset: { code: 'photo', asset_family: { code: 'packshots' } } } },
    ),
  )
  .map(([id, { type, data }]): JsonObject => ({ specversion: '1.0', id, source: 'akeneo-event-platform', type, subject: 'fuzz', time: '', data }));

/** Captures dated past `maxAgeMs`: just past it (the edge) or up to 10 years back, of any type. */
export function staleCaptureArb(maxAgeMs: number): fc.Arbitrary<StaleCapture> {
  const past = maxAgeMs + 60_000;
  return fc.record({
    event: fc.oneof({ arbitrary: platformEventArb, weight: 4 }, { arbitrary: otherTypeEventArb, weight: 1 }),
    ageMs: fc.oneof(fc.integer({ min: past, max: past + 3_600_000 }), fc.integer({ min: past, max: 10 * YEAR_MS })),
    offsetMinutes: fc.constantFrom(0, 120, -300, 330),
  });
}

/** The capture's event, dated `ageMs` before `nowMs`. */
export function datedEvent(c: StaleCapture, nowMs: number): JsonObject {
  return { ...c.event, time: rfc3339At(nowMs - c.ageMs, c.offsetMinutes) };
}

/** The category of stale captures in fuzz reports. */
export const REPLAY_CATEGORY = 'replay';

/** The one answer a stale capture may get. */
export const REPLAY_ANSWER = '400 stale_event';

/** Stale captures as fuzz cases of the Event Platform route, validly signed, dated at send time against the default window. */
export const staleReplayCaseArb: fc.Arbitrary<FuzzCase> = staleCaptureArb(DEFAULT_EVENT_PLATFORM_MAX_EVENT_AGE_MS).map((c) => ({
  endpoint: FuzzEndpoint.EVENT_PLATFORM,
  category: REPLAY_CATEGORY,
  note: `${typeof c.event.type === 'string' ? c.event.type : 'event'} dated ${Math.round(c.ageMs / 60_000)} min before the send, UTC${c.offsetMinutes >= 0 ? '+' : ''}${c.offsetMinutes} min`,
  body: { kind: 'dated', value: c.event, ageMs: c.ageMs, offsetMinutes: c.offsetMinutes },
  signature: { kind: 'valid' },
  contentType: 'application/json',
}));

/** A delivery of `body` as the platform signs it (primary header only). */
export function signedDelivery(body: string, secret: string): WireRequest {
  return {
    path: FUZZ_PATHS[FuzzEndpoint.EVENT_PLATFORM],
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'akeneo-sync-fuzz',
      'X-AKENEO-SIGNATURE-PRIMARY': signEventPlatform(secret, body),
      'X-AKENEO-SIGNATURE-ALGORITHM': 'HmacSHA256',
    },
    body: Buffer.from(body, 'utf8'),
    chunked: false,
  };
}

/** Which of `captures` recent deliveries are re-sent, in order: 150 to 300 replays. */
export function replayPlanArb(captures: number): fc.Arbitrary<number[]> {
  return fc.array(fc.nat({ max: captures - 1 }), { minLength: 150, maxLength: 300 });
}
