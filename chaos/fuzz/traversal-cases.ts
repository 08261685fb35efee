/**
 * Requests whose product-model code or product identifier would break a URL path (a dot segment, over 255
 * characters, a control character), in every field that carries one, on both webhook routes. Each is otherwise a
 * valid signed request, and must be refused 400 `invalid_payload` before anything reaches Temporal, the PIM or
 * the third party.
 */
import fc from 'fast-check';
import { MAX_CODE_LENGTH, pathBreakingCodeArb, shortValue, TRAVERSAL_CODES } from './mutations';
import { FuzzEndpoint, type FuzzCase } from './spec';
import { eventsApiBodyArb, platformEventArb, type JsonObject } from './valid';

/** The category of these cases in fuzz reports. */
export const TRAVERSAL_CATEGORY = 'traversal';

/** The one answer these cases may get. */
export const TRAVERSAL_ANSWER = '400 invalid_payload';

type Place = (event: JsonObject, value: string) => JsonObject;

/** Fields of a legacy event that carry a code or an identifier, and how a value is put there. */
const LEGACY_FIELDS: Record<string, Place> = {
  'data.resource.code': (ev, code) => ({ ...ev, action: 'product_model.updated', data: { resource: { code } } }),
  'data.resource.identifier': (ev, identifier) => ({ ...ev, action: 'product.updated', data: { resource: { uuid: '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b', identifier } } }),
  'data.resource.identifier (no uuid)': (ev, identifier) => ({ ...ev, action: 'product.removed', data: { resource: { identifier } } }),
};

/** Fields of an Event Platform event that carry a code or an identifier. */
const PLATFORM_FIELDS: Record<string, Place> = {
  'data.product_model.code': (ev, code) => ({ ...ev, type: 'com.akeneo.pim.v1.product-model.updated', data: { product_model: { code } } }),
  'data.product.code': (ev, code) => ({ ...ev, type: 'com.akeneo.pim.v1.product-model.deleted', data: { product: { code } } }),
  'data.product.identifier': (ev, identifier) => ({ ...ev, type: 'com.akeneo.pim.v1.product.updated', data: { product: { uuid: '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b', identifier } } }),
};

function traversalCase(endpoint: FuzzEndpoint, note: string, value: JsonObject): FuzzCase {
  return {
    endpoint,
    category: TRAVERSAL_CATEGORY,
    note,
    body: { kind: 'json', value },
    ...(endpoint === FuzzEndpoint.EVENTS_API && { timestamp: { kind: 'offset', seconds: 0 } }),
    signature: { kind: 'valid' },
    contentType: 'application/json',
  };
}

/** A valid legacy batch with one event's code or identifier replaced by a path-breaking one. */
export const legacyTraversalArb: fc.Arbitrary<FuzzCase> = fc
  .tuple(eventsApiBodyArb, fc.nat(9), fc.constantFrom(...Object.keys(LEGACY_FIELDS)), pathBreakingCodeArb)
  .map(([body, i, field, code]) => {
    const events = structuredClone(body.events as JsonObject[]);
    const at = i % events.length;
    events[at] = LEGACY_FIELDS[field](events[at], code);
    return traversalCase(FuzzEndpoint.EVENTS_API, `events.${at}.${field} ${shortValue(code)}`, { events });
  });

/** A valid Event Platform event with its code or identifier replaced by a path-breaking one. */
export const platformTraversalArb: fc.Arbitrary<FuzzCase> = fc
  .tuple(platformEventArb, fc.constantFrom(...Object.keys(PLATFORM_FIELDS)), pathBreakingCodeArb)
  .map(([ev, field, code]) => traversalCase(FuzzEndpoint.EVENT_PLATFORM, `${field} ${shortValue(code)}`, PLATFORM_FIELDS[field](ev, code)));

/** Every fixed traversal code, one over-long code and two with control characters: what {@link traversalCases} sends. */
export const FIXED_BAD_CODES: readonly string[] = [...TRAVERSAL_CODES, 'x'.repeat(MAX_CODE_LENGTH + 1), 'a\u0000b', 'a\nb'];

/** Each of {@link FIXED_BAD_CODES} in each field of each route, dated `at` (a time not in the future). */
export function traversalCases(at: Date): FuzzCase[] {
  const legacyEvent: JsonObject = { event_id: '0b4c3f43-5a1e-4b8e-9d0f-2a6f1c9b7e11', event_datetime: at.toISOString().replace(/\.\d{3}Z$/, '+00:00'), author: 'julia', author_type: 'ui' };
  const platformEvent: JsonObject = { specversion: '1.0', id: '0191e3a2-7c11-7b0a-9f3e-5a6b7c8d9e0f', source: 'akeneo-event-platform', subject: 'fuzz', time: at.toISOString() };
  return FIXED_BAD_CODES.flatMap((code) => [
    ...Object.entries(LEGACY_FIELDS).map(([field, place]) => traversalCase(FuzzEndpoint.EVENTS_API, `${field} ${shortValue(code)}`, { events: [place(legacyEvent, code)] })),
    ...Object.entries(PLATFORM_FIELDS).map(([field, place]) => traversalCase(FuzzEndpoint.EVENT_PLATFORM, `${field} ${shortValue(code)}`, place(platformEvent, code))),
  ]);
}
