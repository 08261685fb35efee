/** Event Platform deliveries: one CloudEvents 1.0 JSON object per request, signed over the body. */
import { randomUUID } from 'node:crypto';
import { signEventPlatform } from '../akeneo/signature';
import { formatRfc3339, type CatalogChange } from './catalog-types';
import type { StructureEventData, StructureEventType } from './event-platform-structure';
import type { SignedRequest } from './events-api-request';

/** The product and product-model event types the simulator emits. */
export const EventPlatformType = {
  PRODUCT_CREATED: 'com.akeneo.pim.v1.product.created',
  PRODUCT_UPDATED: 'com.akeneo.pim.v1.product.updated',
  PRODUCT_UPDATED_DELTA: 'com.akeneo.pim.v1.product.updated.delta',
  PRODUCT_DELETED: 'com.akeneo.pim.v1.product.deleted',
  PRODUCT_MODEL_CREATED: 'com.akeneo.pim.v1.product-model.created',
  PRODUCT_MODEL_UPDATED: 'com.akeneo.pim.v1.product-model.updated',
  PRODUCT_MODEL_UPDATED_DELTA: 'com.akeneo.pim.v1.product-model.updated.delta',
  PRODUCT_MODEL_DELETED: 'com.akeneo.pim.v1.product-model.deleted',
} as const;
export type EventPlatformType = (typeof EventPlatformType)[keyof typeof EventPlatformType];

/** `source` of current deliveries. */
export const EVENT_PLATFORM_SOURCE = 'akeneo-event-platform';
/** `User-Agent` of deliveries. */
export const EVENT_PLATFORM_USER_AGENT = 'akeneo/event-platform';

/** Who made a change, as Event Platform events say it. */
export interface EventPlatformAuthor {
  identifier: string;
  /** `user`, `api`, `job`, `system` or `unknown-user-type`. */
  type: string;
}

/** `updated_at` of a delta event, PHP style: `{"date":"2024-10-14 13:01:21.000000","timezone":"UTC"}`. */
export interface EventPlatformUpdatedAt {
  date: string;
  timezone: string;
}

/** What a `*.updated.delta` event adds to its entity: when, and what changed (see `akeneo/pim-api-docs` available-events). */
export interface EventPlatformDelta {
  updated_at?: EventPlatformUpdatedAt;
  changes?: Record<string, unknown>;
}

/** `data` of a product or product-model event. */
export type EventPlatformProductData =
  | { product: { uuid: string; identifier?: string } & EventPlatformDelta; author: EventPlatformAuthor }
  | { product_model: { code: string } & EventPlatformDelta; author: EventPlatformAuthor };

/** `data` of any event the simulators send: products, product models, catalogue structure. */
export type EventPlatformData = EventPlatformProductData | StructureEventData;

/** A CloudEvents 1.0 envelope as Akeneo sends it; `D` narrows `data`. */
export interface EventPlatformEvent<D extends EventPlatformData = EventPlatformData> {
  specversion: '1.0';
  id: string;
  source: string;
  type: EventPlatformType | StructureEventType;
  /** The subscription id. */
  subject: string;
  datacontenttype: 'application/json';
  /** `https://event.prd.sdk.akeneo.cloud/spec/<type>.schema.json` (see {@link eventPlatformDataSchema}); sent only when set. */
  dataschema?: string;
  /** RFC 3339 UTC, e.g. `2026-09-01T10:15:30Z`. */
  time: string;
  data: D;
}

/** The secrets of an HTTPS subscription. */
export interface EventPlatformSecrets {
  primary: string;
  secondary?: string;
}

/** Builds one signed delivery; the body is compact JSON and both signatures cover exactly it. */
export function buildEventPlatformRequest(event: EventPlatformEvent, secrets: EventPlatformSecrets): SignedRequest {
  const body = JSON.stringify({
    specversion: event.specversion,
    id: event.id,
    source: event.source,
    type: event.type,
    subject: event.subject,
    datacontenttype: event.datacontenttype,
    ...(event.dataschema !== undefined ? { dataschema: event.dataschema } : {}),
    time: event.time,
    data: event.data,
  });
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': EVENT_PLATFORM_USER_AGENT,
    'X-AKENEO-SIGNATURE-PRIMARY': signEventPlatform(secrets.primary, body),
    'X-AKENEO-SIGNATURE-ALGORITHM': 'HmacSHA256',
  };
  if (secrets.secondary !== undefined) headers['X-AKENEO-SIGNATURE-SECONDARY'] = signEventPlatform(secrets.secondary, body);
  return { body, headers };
}

/** How Event Platform events describe their subscription, author and product. */
export interface EventPlatformEventOptions {
  /** `subject` (default a fixed example subscription id). */
  subscriptionId?: string;
  /** Default `{identifier: <a fixed uuid>, type: 'user'}`. */
  author?: EventPlatformAuthor;
  /** Adds `data.product.identifier` (the subscription's `send_product_identifier`). */
  sendProductIdentifier?: boolean;
}

/** `dataschema` of an event type, as in every example of akeneo/pim-api-docs content/event-platform/available-events.md. */
export function eventPlatformDataSchema(type: string): string {
  return `https://event.prd.sdk.akeneo.cloud/spec/${type}.schema.json`;
}

/** Subscription id used when none is configured. */
export const DEFAULT_SUBSCRIPTION_ID = '0190fe8a-6213-76ce-8a9f-ba36a5ef555a';
/** `data.author` when none is configured: the user of the examples in available-events.md. */
export const DEFAULT_EVENT_PLATFORM_AUTHOR: EventPlatformAuthor = { identifier: 'b238e9f7-fcec-45bd-9431-d43cd624b244', type: 'user' };
const VERB = { created: 'created', updated: 'updated', removed: 'deleted' } as const;

/** The Event Platform event of one catalog change; `time` is the change time. */
export function eventPlatformEventFromChange(
  change: CatalogChange,
  options: EventPlatformEventOptions = {},
  id: string = randomUUID(),
): EventPlatformEvent<EventPlatformProductData> {
  const author = options.author ?? DEFAULT_EVENT_PLATFORM_AUTHOR;
  const isProduct = change.kind === 'product';
  const withIdentifier = isProduct && options.sendProductIdentifier && change.identifier !== undefined;
  const data: EventPlatformProductData = isProduct
    ? { product: { uuid: change.id, ...(withIdentifier ? { identifier: change.identifier } : {}) }, author }
    : { product_model: { code: change.id }, author };
  return {
    specversion: '1.0',
    id,
    source: EVENT_PLATFORM_SOURCE,
    type: `com.akeneo.pim.v1.${isProduct ? 'product' : 'product-model'}.${VERB[change.action]}` as EventPlatformType,
    subject: options.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID,
    datacontenttype: 'application/json',
    time: formatRfc3339(Date.parse(change.at)),
    data,
  };
}
