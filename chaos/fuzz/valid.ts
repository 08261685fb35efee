/** fast-check arbitraries of *valid* webhook payloads, in both formats: the starting points the fuzz mutates. */
import fc from 'fast-check';
import { EVENTS_API_ACTIONS } from '../../src/akeneo/events-api-schema';
import { PRODUCT_EVENT_TYPES, PRODUCT_MODEL_EVENT_TYPES } from '../../src/akeneo/event-platform-schema';

/** A JSON object as the fuzz builds it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** A v4 uuid (lowercase), as Akeneo sends them. */
export const uuidArb = fc.uuid({ version: 4 });

/** An Akeneo product-model code: letters, digits and underscores. */
export const modelCodeArb = fc.stringMatching(/^[a-z][a-z0-9_]{0,39}$/);

const dateArb = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });

/** `2024-05-02T08:15:00+00:00`, the legacy format. */
export const akeneoDateArb = dateArb.map((d) => d.toISOString().replace(/\.\d{3}Z$/, '+00:00'));

/** `2026-09-01T10:15:30Z`, the Event Platform format. */
export const rfc3339Arb = dateArb.map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));

const skuArb = fc.stringMatching(/^SKU-[0-9]{1,6}$/);

/** One valid legacy event object (any of the six actions). */
export const eventsApiEventArb: fc.Arbitrary<JsonObject> = fc
  .record({
    action: fc.constantFrom(...EVENTS_API_ACTIONS),
    event_id: uuidArb,
    event_datetime: akeneoDateArb,
    uuid: uuidArb,
    identifier: fc.option(skuArb),
    code: modelCodeArb,
    updated: akeneoDateArb,
  })
  .map(
    (r): JsonObject => ({
    action: r.action,
    event_id: r.event_id,
    event_datetime: r.event_datetime,
    author: 'julia',
    author_type: 'ui',
    pim_source: 'https://pim.example.com',
    data: {
      resource: r.action.startsWith('product_model.')
        ? { code: r.code, updated: r.updated }
        : { uuid: r.uuid, identifier: r.identifier, updated: r.updated, values: {} },
    },
  }),
  );

/** A valid legacy request body: `{"events":[1..10 events]}`. */
export const eventsApiBodyArb: fc.Arbitrary<JsonObject> = fc
  .array(eventsApiEventArb, { minLength: 1, maxLength: 10 })
  .map((events) => ({ events }));

/** One valid Event Platform CloudEvent for a product or a product model. */
export const platformEventArb: fc.Arbitrary<JsonObject> = fc
  .record({
    id: uuidArb,
    productType: fc.constantFrom(...PRODUCT_EVENT_TYPES),
    modelType: fc.constantFrom(...PRODUCT_MODEL_EVENT_TYPES),
    isModel: fc.boolean(),
    time: rfc3339Arb,
    uuid: uuidArb,
    code: modelCodeArb,
  })
  .map(
    (r): JsonObject => ({
    specversion: '1.0',
    id: r.id,
    source: 'akeneo-event-platform',
    type: r.isModel ? r.modelType : r.productType,
    subject: '0190fe8a-6213-76ce-8a9f-ba36a5ef555a',
    datacontenttype: 'application/json',
    time: r.time,
    data: r.isModel
      ? { product_model: { code: r.code }, author: { identifier: 'julia', type: 'user' } }
      : { product: { uuid: r.uuid }, author: { identifier: 'julia', type: 'user' } },
  }),
  );
