/** Maps both Akeneo webhook formats to the workflow's {@link EntityEvent}: identifiers only, dates in UTC. */
import type { EntityEvent, EntityKind, EntityRef, EventAction } from '../domain/entity';
import type { EventsApiAction, EventsApiBody, EventsApiEvent } from './events-api-schema';
import type { PlatformEvent, ProductEventType, ProductModelEventType } from './event-platform-schema';

/** ISO-8601 UTC (`...Z`) of any ISO-8601 date with an offset. */
export function toUtcIso(date: string): string {
  return new Date(date).toISOString();
}

/**
 * The ref of an event's entity. A product event without uuid (PIM 5.x/6.x format) gets an empty `id`: the
 * worker resolves its identifier to the uuid (see `signalEntity`), never the webhook.
 */
function refOf(kind: EntityKind, id: string | undefined, identifier?: string | null): EntityRef {
  // Product uuids are case-insensitive; one spelling keeps one workflow id per product.
  const ref: EntityRef = { kind, id: kind === 'product' ? (id ?? '').toLowerCase() : (id ?? '') };
  if (identifier) ref.identifier = identifier;
  return ref;
}

const LEGACY_ACTIONS: Record<EventsApiAction, EventAction> = {
  'product.created': 'created',
  'product.updated': 'updated',
  'product.removed': 'removed',
  'product_model.created': 'created',
  'product_model.updated': 'updated',
  'product_model.removed': 'removed',
};

const PLATFORM_ACTIONS: Record<ProductEventType | ProductModelEventType, EventAction> = {
  'com.akeneo.pim.v1.product.created': 'created',
  'com.akeneo.pim.v1.product.updated': 'updated',
  'com.akeneo.pim.v1.product.updated.delta': 'updated',
  'com.akeneo.pim.v1.product.deleted': 'removed',
  'com.akeneo.pim.v1.product-model.created': 'created',
  'com.akeneo.pim.v1.product-model.updated': 'updated',
  'com.akeneo.pim.v1.product-model.updated.delta': 'updated',
  'com.akeneo.pim.v1.product-model.deleted': 'removed',
};

function legacyRef(ev: EventsApiEvent): EntityRef {
  switch (ev.action) {
    case 'product_model.created':
    case 'product_model.updated':
    case 'product_model.removed':
      return refOf('product-model', ev.data.resource.code);
    default:
      return refOf('product', ev.data.resource.uuid, ev.data.resource.identifier);
  }
}

/** One {@link EntityEvent} per legacy event, in request order. */
export function fromEventsApi(body: EventsApiBody): EntityEvent[] {
  return body.events.map((ev) => ({
    ref: legacyRef(ev),
    eventId: ev.event_id,
    action: LEGACY_ACTIONS[ev.action],
    eventDate: toUtcIso(ev.event_datetime),
    source: 'events-api',
  }));
}

/** The {@link EntityEvent} of an accepted Event Platform event. */
export function fromEventPlatform(ev: Extract<PlatformEvent, { kind: 'product' | 'product-model' }>): EntityEvent {
  const ref = ev.kind === 'product' ? refOf('product', ev.uuid, ev.identifier) : refOf('product-model', ev.code);
  return { ref, eventId: ev.id, action: PLATFORM_ACTIONS[ev.type], eventDate: toUtcIso(ev.time), source: 'event-platform' };
}
