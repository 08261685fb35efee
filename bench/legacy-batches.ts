/**
 * A mass edit's legacy requests as Akeneo's sender builds them (bulks of ≤ 10, the entities as they were at the
 * change), with the entity events the API makes of each: what the raw baseline signals for the same load.
 */
import { eventsApiBodySchema } from '../src/akeneo/events-api-schema';
import { fromEventsApi } from '../src/akeneo/to-entity-events';
import { Catalog } from '../src/sim/catalog';
import type { CatalogChange } from '../src/sim/catalog-types';
import { batchEventsApi, buildEventsApiRequest, eventsApiEventFromChange, type EventsApiEventObject } from '../src/sim/events-api-request';
import type { EntityEvent } from '../src/workflows/definitions';

/** Resources as at the change: the sender needs no catalog of its own (the PIM's lives in the benchmark's process). */
export const AT_CHANGE_TIME = { resource: 'change-time' } as const;

/** The entity events of each legacy request the sender would make of `changes`, in order. */
export function legacyEntityBatches(changes: readonly CatalogChange[], secret: string, nowMs: number): EntityEvent[][] {
  const catalog = new Catalog();
  const events = changes.flatMap<EventsApiEventObject>((c) => eventsApiEventFromChange(c, catalog, AT_CHANGE_TIME) ?? []);
  return batchEventsApi(events).map((batch) => {
    const { body } = buildEventsApiRequest(batch, secret, Math.floor(nowMs / 1000));
    return fromEventsApi(eventsApiBodySchema.parse(JSON.parse(body)));
  });
}
