/**
 * The ingest benchmark's traffic: signed legacy requests of 10 `product.updated` events over a pool of
 * products, drawn from a seeded source so the API and the raw baseline get the same events (same ids,
 * dates and product positions, each on its own pool of products).
 */
import { eventsApiBodySchema } from '../src/akeneo/events-api-schema';
import { fromEventsApi } from '../src/akeneo/to-entity-events';
import { Catalog } from '../src/sim/catalog';
import { formatAkeneoDate, skuOf } from '../src/sim/catalog-types';
import { buildEventsApiRequest, EVENTS_API_MAX_BULK, type EventsApiEventObject } from '../src/sim/events-api-request';
import type { EntityEvent } from '../src/workflows/definitions';
import { seededRandom, uuidFrom } from './util';

/** One request: what the API is sent, and the events the API hands to Temporal for it. */
export interface IngestRequest {
  body: string;
  headers: Record<string, string>;
  /** Exactly what `fromEventsApi` makes of `body`: what the raw baseline signals. */
  events: EntityEvent[];
}

/** What {@link buildIngestRequests} needs. */
export interface IngestRequestSpec {
  /** Product uuids; the same positions are drawn for every pool. */
  pool: readonly string[];
  count: number;
  seed: number;
  secret: string;
  /** Event and signature time, epoch ms. */
  nowMs: number;
}

/** Product resources as the PIM puts them in legacy events (root `identifier`), by pool position. */
function resources(pool: readonly string[]): Array<Record<string, unknown>> {
  const catalog = new Catalog();
  return pool.map((uuid) => {
    const { uuid: id, ...rest } = catalog.createProduct({ uuid }, { silent: true });
    return { uuid: id, identifier: skuOf(rest) ?? null, ...rest };
  });
}

/** Builds `count` signed requests of {@link EVENTS_API_MAX_BULK} events each. */
export function buildIngestRequests(spec: IngestRequestSpec): IngestRequest[] {
  const random = seededRandom(spec.seed);
  const products = resources(spec.pool);
  const eventDatetime = formatAkeneoDate(spec.nowMs);
  const timestamp = Math.floor(spec.nowMs / 1000);
  return Array.from({ length: spec.count }, () => {
    const events: EventsApiEventObject[] = Array.from({ length: EVENTS_API_MAX_BULK }, () => ({
      action: 'product.updated',
      event_id: uuidFrom(random),
      event_datetime: eventDatetime,
      author: 'julia',
      author_type: 'ui',
      pim_source: 'https://pim.example.com',
      data: { resource: products[Math.floor(random() * products.length)] },
    }));
    const { body, headers } = buildEventsApiRequest(events, spec.secret, timestamp);
    return { body, headers, events: fromEventsApi(eventsApiBodySchema.parse(JSON.parse(body))) };
  });
}
