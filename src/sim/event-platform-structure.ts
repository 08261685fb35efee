/**
 * Event Platform events of catalogue structure changes. Types and `data` from the catalogue of available events
 * (akeneo/pim-api-docs content/event-platform/available-events.md at 684c2a4d^, published as
 * https://api.akeneo.com/event-platform/available-events.html): `com.akeneo.pim.v1.<entity>.{created,updated,deleted}`
 * for `category` (`data.category.code`), `attribute` (`data.attribute.code`), `attribute-option`
 * (`data.attribute_option.code` and `data.attribute_option.attribute.code`), `attribute-group`
 * (`data.attribute_group.code`) and `family` (`data.family.code`), each with `data.author`. Channels, locales,
 * currencies, measurement families, family variants and association types have no documented events.
 */
import { formatRfc3339 } from './catalog-types';
import type { EventPlatformAuthor, EventPlatformEvent } from './event-platform-request';
import type { StructureChange, StructureKind } from './structure/types';

const PREFIX = 'com.akeneo.pim.v1.';
const ENTITIES = {
  categories: 'category',
  attributes: 'attribute',
  'attribute-options': 'attribute-option',
  'attribute-groups': 'attribute-group',
  families: 'family',
} as const;
const VERB = { created: 'created', updated: 'updated', removed: 'deleted' } as const;

type Entity = (typeof ENTITIES)[keyof typeof ENTITIES];
/** The structure event types the simulator emits. */
export type StructureEventType = `com.akeneo.pim.v1.${Entity}.${'created' | 'updated' | 'deleted'}`;

/** `data` of a structure event. */
export type StructureEventData =
  | { category: { code: string }; author: EventPlatformAuthor }
  | { attribute: { code: string }; author: EventPlatformAuthor }
  | { attribute_option: { code: string; attribute: { code: string } }; author: EventPlatformAuthor }
  | { attribute_group: { code: string }; author: EventPlatformAuthor }
  | { family: { code: string }; author: EventPlatformAuthor };

/** The event type of a structure change, or `undefined` for the kinds that have no events. */
export function structureEventType(change: Pick<StructureChange, 'kind' | 'action'>): StructureEventType | undefined {
  const entity = (ENTITIES as Partial<Record<StructureKind, Entity>>)[change.kind];
  return entity && `${PREFIX}${entity}.${VERB[change.action]}`;
}

/** The `data` of a structure change's event. */
export function structureEventData(change: StructureChange, author: EventPlatformAuthor): StructureEventData {
  const code = change.code;
  switch (change.kind as Extract<StructureKind, keyof typeof ENTITIES>) {
    case 'categories':
      return { category: { code }, author };
    case 'attributes':
      return { attribute: { code }, author };
    case 'attribute-options':
      return { attribute_option: { code, attribute: { code: change.parent ?? '' } }, author };
    case 'attribute-groups':
      return { attribute_group: { code }, author };
    default:
      return { family: { code }, author };
  }
}

/** What a structure event needs besides its change. */
export interface StructureEventEnvelope {
  id: string;
  source: string;
  subject: string;
  dataschema: string;
  author: EventPlatformAuthor;
}

/** The CloudEvent of a structure change (whose kind has events); `time` is the change time. */
export function structureEvent(change: StructureChange, type: StructureEventType, envelope: StructureEventEnvelope): EventPlatformEvent<StructureEventData> {
  return {
    specversion: '1.0',
    id: envelope.id,
    source: envelope.source,
    type,
    subject: envelope.subject,
    datacontenttype: 'application/json',
    dataschema: envelope.dataschema,
    time: formatRfc3339(change.atMs),
    data: structureEventData(change, envelope.author),
  };
}
