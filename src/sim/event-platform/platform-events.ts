/**
 * The Event Platform events of one catalog change, then one CloudEvent per subscription. A creation gives
 * `*.created`, an update `*.updated` and `*.updated.delta`, a removal `*.deleted`: the types of
 * https://api.akeneo.com/event-platform/available-events.html for products and product models. Structure
 * changes give one event each (see `event-platform-structure.ts`).
 */
import type { CatalogChange, SimProduct, SimProductModel } from '../catalog-types';
import {
  DEFAULT_EVENT_PLATFORM_AUTHOR,
  EVENT_PLATFORM_SOURCE,
  eventPlatformDataSchema,
  eventPlatformEventFromChange,
  type EventPlatformAuthor,
  type EventPlatformEvent,
  type EventPlatformProductData,
  type EventPlatformType,
} from '../event-platform-request';
import { structureEvent, type StructureEventType } from '../event-platform-structure';
import type { StructureChange } from '../structure/types';
import { changedValuesOf, deltaChanges, deltaUpdatedAt } from './delta';
import { IDENTIFIER_EVENT_TYPES } from './event-types';
import type { FilterSubject } from './filter';
import type { StoredSubscription } from './types';

/** An event of a product or product-model change, before it is addressed to a subscription. */
export interface ProductEventTemplate {
  type: EventPlatformType;
  change: CatalogChange;
  /** `changes` of a delta event. */
  changes?: Record<string, unknown>;
}

/** An event of a structure change, before it is addressed to a subscription. */
export interface StructureEventTemplate {
  type: StructureEventType;
  structure: StructureChange;
}

/** An event of a change, before it is addressed to a subscription. */
export type EventTemplate = ProductEventTemplate | StructureEventTemplate;

/** Who the events say made the changes, and their `source`. */
export interface EventIdentity {
  /** Default: the builder's example user. */
  author?: EventPlatformAuthor;
  /** `source` (default `akeneo-event-platform`, concepts.html since commit 306f819b; `pim` before and in available-events examples). */
  source?: string;
}

const SUFFIX = { created: ['created'], updated: ['updated', 'updated.delta'], removed: ['deleted'] } as const;

/**
 * The events of `change`; `previous` is the entity as the last logged change left it. A delta with no change is
 * not emitted (a simulator choice: Akeneo's rules are not documented).
 */
export function templatesOf(change: CatalogChange, previous: SimProduct | SimProductModel | undefined): ProductEventTemplate[] {
  const entity = change.kind === 'product' ? 'product' : 'product-model';
  const out: ProductEventTemplate[] = [];
  for (const suffix of SUFFIX[change.action]) {
    const type = `com.akeneo.pim.v1.${entity}.${suffix}` as EventPlatformType;
    if (suffix !== 'updated.delta') {
      out.push({ type, change });
      continue;
    }
    const changes = deltaChanges(previous, change.snapshot);
    if (Object.keys(changes).length > 0) out.push({ type, change, changes });
  }
  return out;
}

/** The CloudEvent of `template` for `sub`: `subject` is the subscription id (concepts.html, "Events Format"). */
export function eventFor(template: EventTemplate, sub: StoredSubscription, identity: EventIdentity, id: string): EventPlatformEvent {
  if ('structure' in template) {
    const author = identity.author ?? DEFAULT_EVENT_PLATFORM_AUTHOR;
    const envelope = { id, source: identity.source ?? EVENT_PLATFORM_SOURCE, subject: sub.id, dataschema: eventPlatformDataSchema(template.type), author };
    return structureEvent(template.structure, template.type, envelope);
  }
  const withIdentifier = sub.sendProductIdentifier && IDENTIFIER_EVENT_TYPES.has(template.type);
  const options = { subscriptionId: sub.id, sendProductIdentifier: withIdentifier, ...(identity.author ? { author: identity.author } : {}) };
  const base = eventPlatformEventFromChange(template.change, options, id);
  const event: EventPlatformEvent<EventPlatformProductData> = {
    ...base,
    type: template.type,
    source: identity.source ?? EVENT_PLATFORM_SOURCE,
    dataschema: eventPlatformDataSchema(template.type),
  };
  if (template.changes) {
    const delta = { updated_at: deltaUpdatedAt(template.change.at), changes: template.changes };
    event.data = 'product' in base.data ? { ...base.data, product: { ...base.data.product, ...delta } } : { ...base.data, product_model: { ...base.data.product_model, ...delta } };
  }
  return event;
}

/** What a subscription filter sees of a template. */
export function filterSubjectOf(template: EventTemplate, author: EventPlatformAuthor | undefined): FilterSubject {
  const who = author ?? DEFAULT_EVENT_PLATFORM_AUTHOR;
  if ('structure' in template) return { user: who.identifier, userType: who.type };
  return { user: who.identifier, userType: who.type, ...(template.changes ? { changedValues: changedValuesOf(template.changes) } : {}) };
}
