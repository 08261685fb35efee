/**
 * zod schema of the legacy Events API request body: `{"events":[1..10 events]}`.
 * Strict on the fields the connector uses, permissive on everything else (Akeneo adds fields over time).
 */
import { z } from 'zod';

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

/** A product identifier (SKU) as Akeneo allows it: 1 to 255 characters, no control characters, not blank. */
export const productIdentifierSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
  .refine((s) => s.trim().length > 0, 'must not be blank');

/**
 * A product resource in its three formats: the default one (`uuid` and `identifier`, which may be null for
 * a product without one), the UUID format (`uuid` only) and PIM 5.x/6.x's (`identifier` only, no uuid).
 */
const productResource = z
  .looseObject({ uuid: z.uuid().optional(), identifier: z.string().nullish() })
  .superRefine((r, ctx) => {
    if (r.uuid !== undefined) return;
    const checked = productIdentifierSchema.safeParse(r.identifier);
    if (!checked.success) ctx.addIssue({ code: 'custom', path: ['identifier'], message: 'a product without uuid needs a valid identifier' });
  });
/** An Akeneo product-model code: 1 to 255 characters, not blank, no control characters. */
export const productModelCodeSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
  .refine((s) => s.trim().length > 0, 'must not be blank');
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
