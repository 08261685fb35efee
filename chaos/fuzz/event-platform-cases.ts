/**
 * Bad requests to the Event Platform endpoint (`POST /akeneo/event-platform`): each one a valid signed CloudEvent
 * with one defect. The Event Platform signs the body only (no timestamp header), so there are no timestamp cases;
 * a signed capture dated past the age window (`replay`) stands in for them.
 */
import fc from 'fast-check';
import { parsePlatformEvent } from '../../src/akeneo/event-platform-schema';
import { WEBHOOK_MAX_BODY_BYTES } from '../../src/api/raw-body';
import { badCodeArb, badEventIdArb, nonUuidArb, replacementArb, setPath, shortValue, wrongSignatureArb } from './mutations';
import { staleReplayCaseArb } from './replays';
import type { FuzzCase } from './spec';
import { platformTraversalArb } from './traversal-cases';
import { platformEventArb, type Json, type JsonObject } from './valid';

function platform(category: string, note: string, over: Partial<FuzzCase>): FuzzCase {
  return { endpoint: 'event-platform', category, note, body: { kind: 'json', value: null }, signature: { kind: 'valid' }, contentType: 'application/json', ...over };
}

const json = (value: Json) => ({ kind: 'json' as const, value });

/** True when the route would reject `v` as malformed (not merely ignore an unknown event type). */
function isInvalid(v: Json): boolean {
  try {
    parsePlatformEvent(v);
    return false;
  } catch {
    return true;
  }
}

const missingSignature = fc
  .tuple(platformEventArb, fc.constantFrom('no header', 'empty header'))
  .map(([ev, how]) =>
    platform('missing-signature', how, { body: json(ev), signature: how === 'empty header' ? { kind: 'raw', value: '' } : { kind: 'missing' } }),
  );

const wrongSignature = fc
  .tuple(platformEventArb, wrongSignatureArb)
  .map(([ev, sig]) => platform('wrong-signature', sig.note, { body: json(ev), signature: sig.spec }));

const truncated = fc
  .tuple(platformEventArb, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.boolean())
  .map(([ev, keep, resign]) =>
    platform('truncated', `${Math.round(keep * 100)} % kept, ${resign ? 're-signed' : 'original signature'}`, {
      body: { kind: 'truncated', value: ev, keep },
      signature: resign ? { kind: 'valid' } : { kind: 'untruncated' },
    }),
  );

const oversized = fc
  .tuple(platformEventArb, fc.integer({ min: WEBHOOK_MAX_BODY_BYTES + 1, max: WEBHOOK_MAX_BODY_BYTES + 512 * 1024 }), fc.boolean())
  .map(([ev, padBytes, chunked]) =>
    platform('oversized', `${padBytes} bytes of padding, ${chunked ? 'chunked' : 'with Content-Length'}`, {
      body: { kind: 'oversized', value: ev, padBytes },
      chunked,
    }),
  );

// No content-type case: the platform's Content-Type for deliveries is undocumented, so a signed, valid CloudEvent
// is accepted whatever it says (a 4xx would count against the subscription's success rate).

const FIELDS: ReadonlyArray<ReadonlyArray<string>> = [
  ['specversion'],
  ['id'],
  ['time'],
  ['type'],
  ['data'],
  ['data', 'product'],
  ['data', 'product', 'uuid'],
  ['data', 'product_model'],
  ['data', 'product_model', 'code'],
];

const schemaViolation: fc.Arbitrary<FuzzCase> = fc
  .oneof(
    (fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>).map((v) => ({ v, note: 'arbitrary JSON' })),
    fc
      .tuple(platformEventArb, fc.constantFrom(...FIELDS), replacementArb)
      .map(([ev, path, r]) => ({ v: setPath(ev, path, r), note: `${path.join('.')} ${typeof r === 'symbol' ? 'deleted' : 'replaced'}` })),
    platformEventArb.map((ev): { v: Json; note: string } => ({ v: { ...ev, type: typeof ev.type === 'string' ? ev.type.replace('product-model', 'product') : ev.type }, note: 'product type, product-model data' })),
  )
  .filter(({ v }) => isInvalid(v))
  .map(({ v, note }) => platform('schema', note, { body: json(v) }));

const badIds: fc.Arbitrary<FuzzCase> = fc
  .tuple(platformEventArb, fc.constantFrom('id', 'uuid', 'code'), nonUuidArb, badCodeArb, badEventIdArb)
  .map(([ev, target, notUuid, badCode, badId]) => {
    const e: JsonObject = structuredClone(ev);
    if (target === 'id') e.id = badId;
    else if (target === 'uuid') Object.assign(e, { type: 'com.akeneo.pim.v1.product.updated', data: { product: { uuid: notUuid } } });
    else Object.assign(e, { type: 'com.akeneo.pim.v1.product-model.updated', data: { product_model: { code: badCode } } });
    const bad = target === 'id' ? badId : target === 'uuid' ? notUuid : badCode;
    return platform('ids', `${target} ${shortValue(bad)}`, { body: json(e) });
  });

/** Every kind of bad Event Platform request; oversized ones are rare (they cost 32 MiB each). */
export const eventPlatformCaseArb: fc.Arbitrary<FuzzCase> = fc.oneof(
  { arbitrary: missingSignature, weight: 30 },
  { arbitrary: wrongSignature, weight: 40 },
  { arbitrary: truncated, weight: 30 },
  { arbitrary: oversized, weight: 10 },
  { arbitrary: schemaViolation, weight: 40 },
  { arbitrary: badIds, weight: 40 },
  { arbitrary: platformTraversalArb, weight: 40 },
  { arbitrary: staleReplayCaseArb, weight: 30 },
);
