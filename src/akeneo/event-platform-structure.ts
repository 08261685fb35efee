/**
 * Event Platform structure events, reduced to the structure key of their item. Types and `data` fields from the
 * catalogue of available events (https://api.akeneo.com/event-platform/available-events.html; akeneo/pim-api-docs
 * content/event-platform/available-events.md): `com.akeneo.pim.v1.<entity>.{created,updated,deleted}` for
 * `category` (`data.category.code`), `attribute` (`data.attribute.code`), `attribute-option`
 * (`data.attribute_option.code`, `data.attribute_option.attribute.code`), `attribute-group`
 * (`data.attribute_group.code`) and `family` (`data.family.code`). Other structure kinds have no events.
 */
import { z } from 'zod';
import { entityCodeProblem } from '../domain/entity-code';
import { type StructureKind, structureKey } from '../domain/structure';

const PREFIX = 'com.akeneo.pim.v1.';
const VERBS = ['created', 'updated', 'deleted'] as const;

/** Event entity → the structure kind it names, and the `data` field that holds the item. */
const ENTITIES = {
  category: { kind: 'categories', field: 'category' },
  attribute: { kind: 'attributes', field: 'attribute' },
  'attribute-option': { kind: 'attribute-options', field: 'attribute_option' },
  'attribute-group': { kind: 'attribute-groups', field: 'attribute_group' },
  family: { kind: 'families', field: 'family' },
} as const satisfies Record<string, { kind: StructureKind; field: string }>;
type Entity = keyof typeof ENTITIES;

/** The structure event types the connector acts on (and `event-platform setup` subscribes to). */
export const STRUCTURE_EVENT_TYPES: readonly string[] = (Object.keys(ENTITIES) as Entity[]).flatMap((e) => VERBS.map((v) => `${PREFIX}${e}.${v}`));

/** A code as the PIM allows it (see `entityCodeProblem`): refused before it reaches a workflow id or a URL. */
const structureCodeSchema = z.string().superRefine((s, ctx) => {
  const problem = entityCodeProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: `a structure code ${problem}` });
});
const coded = z.looseObject({ code: structureCodeSchema });
const option = z.looseObject({ code: structureCodeSchema, attribute: coded });

/** Whether `type` is one of {@link STRUCTURE_EVENT_TYPES}. */
export function isStructureEventType(type: string): boolean {
  return STRUCTURE_EVENT_TYPES.includes(type);
}

/** The structure key of a structure event's item; throws ZodError when its `data` lacks a valid code. */
export function structureEventKey(type: string, data: unknown): string {
  const entity = type.slice(PREFIX.length, type.lastIndexOf('.')) as Entity;
  const { kind, field } = ENTITIES[entity];
  if (kind === 'attribute-options') {
    const item: z.infer<typeof option> = z.looseObject({ [field]: option }).parse(data)[field];
    return structureKey({ kind, parent: item.attribute.code, code: item.code });
  }
  const item: z.infer<typeof coded> = z.looseObject({ [field]: coded }).parse(data)[field];
  return structureKey({ kind, code: item.code });
}
