/**
 * zod schema of the legacy Events API request body: `{"events":[1..10 events]}`.
 * Strict on the fields the connector uses, permissive on everything else (Akeneo adds fields over time).
 */
import { z } from 'zod';
import { entityCodeProblem } from '../domain/entity-code';

/** Most events Akeneo puts in one request (`webhook_max_bulk_size`). */
export const MAX_EVENTS_PER_REQUEST = 10;

/** The six actions of the legacy Events API. */
export const EVENTS_API_ACTIONS = [
  'product.created',
  'product.updated',
  'product.removed',
  'product_model.created',
  'product_model.updated',
  'product_model.removed',
] as const;
/** One of {@link EVENTS_API_ACTIONS}. */
export type EventsApiAction = (typeof EVENTS_API_ACTIONS)[number];

/** An optional product identifier (SKU): absent, `null` or empty (a product without one), or one Akeneo allows. */
export const optionalIdentifierSchema = z
  .string()
  .nullish()
  .superRefine((s, ctx) => {
    const problem = s ? entityCodeProblem(s) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: `a product identifier ${problem}` });
  });

/**
 * A product resource in its three formats: the default one (`uuid` and `identifier`, which may be null for
 * a product without one), the UUID format (`uuid` only) and PIM 5.x/6.x's (`identifier` only, no uuid).
 */
const productResource = z
  .looseObject({ uuid: z.uuid().optional(), identifier: optionalIdentifierSchema })
  .superRefine((r, ctx) => {
    if (r.uuid === undefined && !r.identifier) {
      ctx.addIssue({ code: 'custom', path: ['identifier'], message: 'a product without uuid needs an identifier' });
    }
  });
/** A product-model code as Akeneo allows it (see `entityCodeProblem`); the issue names the problem. */
export const productModelCodeSchema = z.string().superRefine((s, ctx) => {
  const problem = entityCodeProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: `a product-model code ${problem}` });
});
const productModelResource = z.looseObject({ code: productModelCodeSchema });

function eventOf<A extends EventsApiAction, R extends z.ZodType>(action: A, resource: R) {
  return z.looseObject({
    action: z.literal(action),
    event_id: z.uuid(),
    event_datetime: z.iso.datetime({ offset: true }),
    // Not used by the connector: typed but never a reason to drop a batch.
    author: z.string().nullish(),
    author_type: z.string().nullish(),
    pim_source: z.string().nullish(),
    data: z.looseObject({ resource }),
  });
}

/** One event of the legacy Events API, discriminated on `action`. */
export const eventsApiEventSchema = z.discriminatedUnion('action', [
  eventOf('product.created', productResource),
  eventOf('product.updated', productResource),
  eventOf('product.removed', productResource),
  eventOf('product_model.created', productModelResource),
  eventOf('product_model.updated', productModelResource),
  eventOf('product_model.removed', productModelResource),
]);
/** A parsed legacy event. */
export type EventsApiEvent = z.infer<typeof eventsApiEventSchema>;

/** The whole legacy request body. */
export const eventsApiBodySchema = z.looseObject({
  events: z.array(eventsApiEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST),
});
/** A parsed legacy request body. */
export type EventsApiBody = z.infer<typeof eventsApiBodySchema>;
