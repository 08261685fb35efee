/** Bad requests to the legacy Events API (`POST /akeneo/events`): each one a valid signed request with one defect. */
import fc from 'fast-check';
import { eventsApiBodySchema } from '../../src/akeneo/events-api-schema';
import { TIMESTAMP_TOLERANCE_SECONDS } from '../../src/api/routes/events-api';
import { WEBHOOK_MAX_BODY_BYTES } from '../../src/api/raw-body';
import { badCodeArb, nonUuidArb, replacementArb, setPath, shortValue, wrongContentTypeArb, wrongSignatureArb } from './mutations';
import type { FuzzCase } from './spec';
import { legacyTraversalArb } from './traversal-cases';
import { eventsApiBodyArb, eventsApiEventArb, type Json, type JsonObject } from './valid';

/** Seconds beyond the tolerance, so a slow send never brings a timestamp back into the window. */
const OUTSIDE = TIMESTAMP_TOLERANCE_SECONDS + 10;

function legacy(category: string, note: string, over: Partial<FuzzCase>): FuzzCase {
  return {
    endpoint: 'events-api',
    category,
    note,
    body: { kind: 'json', value: null },
    timestamp: { kind: 'offset', seconds: 0 },
    signature: { kind: 'valid' },
    contentType: 'application/json',
    ...over,
  };
}

const json = (value: Json) => ({ kind: 'json' as const, value });
const isInvalid = (v: Json): boolean => !eventsApiBodySchema.safeParse(v).success;

const missingSignature = fc
  .tuple(eventsApiBodyArb, fc.boolean())
  .map(([body, empty]) =>
    legacy('missing-signature', empty ? 'empty header' : 'no header', { body: json(body), signature: empty ? { kind: 'raw', value: '' } : { kind: 'missing' } }),
  );

const wrongSignature = fc
  .tuple(eventsApiBodyArb, fc.oneof(wrongSignatureArb, fc.integer({ min: -100, max: 100 }).filter((n) => n !== 0).map((n) => ({ spec: { kind: 'timestamp' as const, seconds: n }, note: `signed for timestamp ${n} s off` }))))
  .map(([body, sig]) => legacy('wrong-signature', sig.note, { body: json(body), signature: sig.spec }));

const staleTimestamp = fc
  .tuple(eventsApiBodyArb, fc.integer({ min: OUTSIDE, max: 1_700_000_000 }))
  .map(([body, s]) => legacy('stale-timestamp', `${s} s old, correctly signed`, { body: json(body), timestamp: { kind: 'offset', seconds: -s } }));

const futureTimestamp = fc
  .tuple(eventsApiBodyArb, fc.integer({ min: OUTSIDE, max: 900_000_000_000 }))
  .map(([body, s]) => legacy('future-timestamp', `${s} s ahead, correctly signed`, { body: json(body), timestamp: { kind: 'offset', seconds: s } }));

const rawTimestamp = fc.oneof(
  fc.constantFrom('', 'abc', '-1', '1.5', '1e9', '0x5f5e100', 'NaN', 'null', '١٧٠٠٠٠٠٠٠٠', '１７００００００００', '9999999999999', '+1700000000'),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.nat().map((n) => `${Date.now()}${n}`),
).filter((s) => !/^\s*\d{1,12}\s*$/.test(s));

const badTimestamp = fc
  .tuple(eventsApiBodyArb, fc.option(rawTimestamp, { nil: undefined }))
  .map(([body, raw]) =>
    legacy('bad-timestamp', raw === undefined ? 'no timestamp header' : `timestamp ${JSON.stringify(raw).slice(0, 40)}`, {
      body: json(body),
      timestamp: raw === undefined ? { kind: 'missing' } : { kind: 'raw', value: raw },
    }),
  );

/** A request that was valid when captured, replayed later: the legacy "Test" ping or real events. */
const replay = fc
  .tuple(fc.option(eventsApiBodyArb, { nil: undefined }), fc.integer({ min: OUTSIDE, max: 30 * 86_400 }))
  .map(([body, s]) =>
    legacy('replay', `${body ? 'events' : 'Test ping'} replayed ${s} s later`, {
      body: body ? json(body) : { kind: 'raw', text: '' },
      timestamp: { kind: 'offset', seconds: -s },
    }),
  );

const truncated = fc
  .tuple(eventsApiBodyArb, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.boolean())
  .map(([body, keep, resign]) =>
    legacy('truncated', `${Math.round(keep * 100)} % kept, ${resign ? 're-signed' : 'original signature'}`, {
      body: { kind: 'truncated', value: body, keep },
      signature: resign ? { kind: 'valid' } : { kind: 'untruncated' },
    }),
  );

const oversized = fc
  .tuple(eventsApiBodyArb, fc.integer({ min: WEBHOOK_MAX_BODY_BYTES + 1, max: WEBHOOK_MAX_BODY_BYTES + 512 * 1024 }), fc.boolean())
  .map(([body, padBytes, chunked]) =>
    legacy('oversized', `${padBytes} bytes of padding, ${chunked ? 'chunked' : 'with Content-Length'}`, {
      body: { kind: 'oversized', value: body, padBytes },
      chunked,
    }),
  );

const contentType = fc
  .tuple(eventsApiBodyArb, wrongContentTypeArb)
  .map(([body, ct]) => legacy('content-type', ct === null ? 'no Content-Type' : `Content-Type ${ct}`, { body: json(body), contentType: ct }));

const EVENT_FIELDS: ReadonlyArray<ReadonlyArray<string>> = [
  ['action'],
  ['event_id'],
  ['event_datetime'],
  ['data'],
  ['data', 'resource'],
  ['data', 'resource', 'uuid'],
  ['data', 'resource', 'code'],
  ['data', 'resource', 'identifier'],
];

const schemaViolation: fc.Arbitrary<FuzzCase> = fc
  .oneof(
    (fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>).map((v) => ({ v, note: 'arbitrary JSON' })),
    fc.constant<{ v: Json; note: string }>({ v: { events: [] }, note: 'no events' }),
    fc.array(eventsApiEventArb, { minLength: 11, maxLength: 20 }).map((events): { v: Json; note: string } => ({ v: { events }, note: `${events.length} events` })),
    fc.tuple(eventsApiBodyArb, replacementArb).map(([b, r]) => ({ v: setPath(b, ['events'], r), note: 'events replaced' })),
    fc
      .tuple(eventsApiBodyArb, fc.nat(9), fc.constantFrom(...EVENT_FIELDS), replacementArb)
      .map(([b, i, path, r]) => {
        const at = i % (b.events as Json[]).length;
        return { v: setPath(b, ['events', at, ...path], r), note: `events.${at}.${path.join('.')} ${typeof r === 'symbol' ? 'deleted' : 'replaced'}` };
      }),
  )
  .filter(({ v }) => isInvalid(v))
  .map(({ v, note }) => legacy('schema', note, { body: json(v) }));

/** A body whose event `i` has a bad event id, product uuid or product-model code. */
const badIds: fc.Arbitrary<FuzzCase> = fc
  .tuple(eventsApiBodyArb, fc.nat(9), fc.constantFrom('event_id', 'uuid', 'code'), nonUuidArb, badCodeArb)
  .map(([b, i, target, notUuid, badCode]) => {
    const events = structuredClone(b.events as JsonObject[]);
    const ev = events[i % events.length];
    if (target === 'event_id') ev.event_id = notUuid;
    else if (target === 'uuid') Object.assign(ev, { action: 'product.updated', data: { resource: { uuid: notUuid, identifier: 'SKU-1' } } });
    else Object.assign(ev, { action: 'product_model.updated', data: { resource: { code: badCode } } });
    const bad = target === 'code' ? badCode : notUuid;
    return legacy('ids', `${target} ${shortValue(bad)}`, { body: json({ events }) });
  });

/** Every kind of bad legacy request; oversized ones are rare (they cost 32 MiB each). */
export const eventsApiCaseArb: fc.Arbitrary<FuzzCase> = fc.oneof(
  { arbitrary: missingSignature, weight: 30 },
  { arbitrary: wrongSignature, weight: 40 },
  { arbitrary: staleTimestamp, weight: 30 },
  { arbitrary: futureTimestamp, weight: 30 },
  { arbitrary: badTimestamp, weight: 30 },
  { arbitrary: replay, weight: 30 },
  { arbitrary: truncated, weight: 30 },
  { arbitrary: oversized, weight: 10 },
  { arbitrary: contentType, weight: 30 },
  { arbitrary: schemaViolation, weight: 40 },
  { arbitrary: badIds, weight: 40 },
  { arbitrary: legacyTraversalArb, weight: 40 },
);
