/**
 * zod schemas of Event Platform deliveries: one CloudEvents 1.0 JSON object (structured mode) per request.
 * Product, product-model and structure events are accepted; other well-formed events are reported as ignored.
 */
import { z } from 'zod';
import { isStructureEventType, structureEventKey } from './event-platform-structure';
import { optionalIdentifierSchema, productModelCodeSchema } from './events-api-schema';

const TYPE_PREFIX = 'com.akeneo.pim.v1.';

/** Product event types the connector acts on. */
export const PRODUCT_EVENT_TYPES = [
  `${TYPE_PREFIX}product.created`,
  `${TYPE_PREFIX}product.updated`,
  `${TYPE_PREFIX}product.updated.delta`,
  `${TYPE_PREFIX}product.deleted`,
] as const;
/** One of {@link PRODUCT_EVENT_TYPES}. */
export type ProductEventType = (typeof PRODUCT_EVENT_TYPES)[number];

/** Product-model event types the connector acts on. */
export const PRODUCT_MODEL_EVENT_TYPES = [
  `${TYPE_PREFIX}product-model.created`,
  `${TYPE_PREFIX}product-model.updated`,
  `${TYPE_PREFIX}product-model.updated.delta`,
  `${TYPE_PREFIX}product-model.deleted`,
] as const;
/** One of {@link PRODUCT_MODEL_EVENT_TYPES}. */
export type ProductModelEventType = (typeof PRODUCT_MODEL_EVENT_TYPES)[number];

/** The CloudEvents envelope; `source` is opaque (Akeneo changed it) and `data` is checked per type. */
export const cloudEventSchema = z.looseObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(255).regex(/^[^\p{Cc}]+$/u, 'must not contain control characters'),
  source: z.string(),
  type: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  data: z.unknown(),
});
/** A parsed CloudEvents envelope, `data` not yet checked. */
export type CloudEvent = z.infer<typeof cloudEventSchema>;

const productEventSchema = cloudEventSchema.extend({
  data: z.looseObject({ product: z.looseObject({ uuid: z.uuid(), identifier: optionalIdentifierSchema }) }),
});

const code = z.looseObject({ code: productModelCodeSchema });
const withProductModel = cloudEventSchema.extend({ data: z.looseObject({ product_model: code }) });
const withProduct = cloudEventSchema.extend({ data: z.looseObject({ product: code }) });

/**
 * The docs' field tables say `data.product.code`, their examples `data.product_model.code`: accept either, the
 * latter first. Two schemas tried in turn rather than a union, so a bad code is reported as what it is.
 */
function productModelCode(json: unknown): string {
  const nested = withProductModel.safeParse(json);
  if (nested.success) return nested.data.data.product_model.code;
  const flat = withProduct.safeParse(json);
  if (flat.success) return flat.data.data.product.code;
  const data: unknown = (json as { data?: unknown }).data;
  const hasNested = typeof data === 'object' && data !== null && 'product_model' in data;
  throw hasNested ? nested.error : flat.error;
}

/** An accepted Event Platform event, reduced to what the connector uses. */
export type PlatformEvent =
  | { kind: 'product'; id: string; type: ProductEventType; time: string; uuid: string; identifier?: string }
  | { kind: 'product-model'; id: string; type: ProductModelEventType; time: string; code: string }
  /** `key`: the structure item's key (see `structureKey`). */
  | { kind: 'structure'; id: string; type: string; time: string; key: string }
  | { kind: 'ignored'; id: string; type: string; time: string };

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** Parses one delivery; throws ZodError when malformed, returns `kind: 'ignored'` for other event types. */
export function parsePlatformEvent(json: unknown): PlatformEvent {
  const ev = cloudEventSchema.parse(json);
  const { id, type, time } = ev;
  if (isOneOf(PRODUCT_EVENT_TYPES, type)) {
    const { uuid, identifier } = productEventSchema.parse(json).data.product;
    return { kind: 'product', id, type, time, uuid, ...(identifier ? { identifier } : {}) };
  }
  if (isOneOf(PRODUCT_MODEL_EVENT_TYPES, type)) {
    return { kind: 'product-model', id, type, time, code: productModelCode(json) };
  }
  if (isStructureEventType(type)) return { kind: 'structure', id, type, time, key: structureEventKey(type, ev.data) };
  return { kind: 'ignored', id, type, time };
}
