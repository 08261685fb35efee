/** Legacy Events API requests as the PIM sends them: PHP-style JSON body, signed headers, bulks of ≤ 10. */
import { randomUUID } from 'node:crypto';
import { signEventsApi } from '../akeneo/signature';
import type { Catalog } from './catalog';
import type { CatalogChange, SimProduct } from './catalog-types';
import { phpJsonEncode } from './php-json';

/** The six legacy actions. */
export const EventsApiAction = {
  PRODUCT_CREATED: 'product.created',
  PRODUCT_UPDATED: 'product.updated',
  PRODUCT_REMOVED: 'product.removed',
  PRODUCT_MODEL_CREATED: 'product_model.created',
  PRODUCT_MODEL_UPDATED: 'product_model.updated',
  PRODUCT_MODEL_REMOVED: 'product_model.removed',
} as const;
export type EventsApiAction = (typeof EventsApiAction)[keyof typeof EventsApiAction];

/** Product payload formats of the legacy Events API. */
export const EventsApiFormat = {
  /** 7.0+ and SaaS default: product resources carry `uuid` and a root `identifier`. */
  IDENTIFIER: 'identifier',
  /** The subscription's "UUID" option: the `/products-uuid` format, `uuid` only (the identifier stays in `values`). */
  UUID: 'uuid',
  /** PIM 5.x and 6.x: `identifier` only, no `uuid`, in created, updated and removed events. */
  PRE_7_0: 'pre-7.0',
} as const;
export type EventsApiFormat = (typeof EventsApiFormat)[keyof typeof EventsApiFormat];

/** `User-Agent` of the simulated PIM (SaaS-style version string). */
export const EVENTS_API_USER_AGENT = 'AkeneoPIM/v20260101000000';
/**
 * Most events per request: `webhook_max_bulk_size: 10` in akeneo/pim-community-dev config/services/pim_parameters.yml
 * (on-premise installs may change it).
 */
export const EVENTS_API_MAX_BULK = 10;

/** One legacy event object. */
export interface EventsApiEventObject {
  action: EventsApiAction;
  event_id: string;
  event_datetime: string;
  author: string;
  author_type: string;
  pim_source: string;
  data: { resource: Record<string, unknown> };
}

/** A request ready to send: the exact body bytes and the headers signed over them. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** Builds a signed legacy request; keys are written in Akeneo's order whatever the input order. */
export function buildEventsApiRequest(
  events: EventsApiEventObject[],
  secret: string,
  timestamp: number | string,
  userAgent = EVENTS_API_USER_AGENT,
): SignedRequest {
  const ordered = events.map((e) => ({
    action: e.action,
    event_id: e.event_id,
    event_datetime: e.event_datetime,
    author: e.author,
    author_type: e.author_type,
    pim_source: e.pim_source,
    data: e.data,
  }));
  return signed(phpJsonEncode({ events: ordered }), secret, String(timestamp), userAgent);
}

/** Builds the connection's "Test" request: empty body, signature over `<ts>.`. */
export function buildEventsApiTestRequest(secret: string, timestamp: number | string, userAgent = EVENTS_API_USER_AGENT): SignedRequest {
  return signed('', secret, String(timestamp), userAgent);
}

function signed(body: string, secret: string, timestamp: string, userAgent: string): SignedRequest {
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Akeneo-Request-Signature': signEventsApi(secret, timestamp, body),
      'X-Akeneo-Request-Timestamp': timestamp,
      'User-Agent': userAgent,
    },
  };
}

/** How legacy events describe their author and resource. */
export interface EventsApiEventOptions {
  /** Username of the change's author (default `julia`). */
  author?: string;
  /** `ui`, `api` or `system` (default `ui`). */
  authorType?: string;
  /** Default `https://pim.example.com`. */
  pimSource?: string;
  /** Product payload format (default `identifier`; see {@link EventsApiFormat}). */
  format?: EventsApiFormat;
  /** `send-time` (default, as Akeneo: the entity as it is now; dropped if gone) or `change-time` (the snapshot). */
  resource?: 'send-time' | 'change-time';
}

/** The legacy event of one catalog change; `undefined` when Akeneo would drop it (entity gone at send time). */
export function eventsApiEventFromChange(
  change: CatalogChange,
  catalog: Catalog,
  options: EventsApiEventOptions = {},
  eventId: string = randomUUID(),
): EventsApiEventObject | undefined {
  const prefix = change.kind === 'product' ? 'product' : 'product_model';
  const resource = resourceOf(change, catalog, options);
  if (!resource) return undefined;
  return {
    action: `${prefix}.${change.action}` as EventsApiAction,
    event_id: eventId,
    event_datetime: change.at,
    author: options.author ?? 'julia',
    author_type: options.authorType ?? 'ui',
    pim_source: options.pimSource ?? 'https://pim.example.com',
    data: { resource },
  };
}

/**
 * `data.resource` of an event, per format (https://api.akeneo.com/events-reference/ : akeneo/pim-api-docs
 * content/events-reference/events-reference-5.0, -6.0 and -7.0/resources/product-*.yml): 7.0 and later send
 * `uuid` and `identifier` (removed: `{identifier, uuid}`); 5.0 and 6.0 send `identifier` and no `uuid` (removed:
 * `{identifier}`); the UUID option sends the `/products-uuid` format. Created and updated carry the entity as
 * the REST API shows it when the request is built (a variant with its ancestors' values).
 */
function resourceOf(change: CatalogChange, catalog: Catalog, options: EventsApiEventOptions): Record<string, unknown> | undefined {
  const format = options.format ?? EventsApiFormat.IDENTIFIER;
  if (change.action === 'removed') {
    if (change.kind !== 'product') return { code: change.id };
    const identifier = change.identifier ?? null;
    return format === EventsApiFormat.PRE_7_0 ? { identifier } : { identifier, uuid: change.id };
  }
  const current = options.resource === 'change-time' ? change.snapshot : change.kind === 'product' ? catalog.get(change.id) : catalog.getProductModel(change.id);
  if (!current) return undefined;
  if (change.kind !== 'product' || format === EventsApiFormat.UUID) return { ...current };
  const { uuid, ...rest } = current as SimProduct;
  const sku = rest.values.sku?.[0]?.data;
  const identifier = typeof sku === 'string' ? sku : null;
  return format === EventsApiFormat.PRE_7_0 ? { identifier, ...rest } : { uuid, identifier, ...rest };
}

/** Which events may share a request: product created+updated, product removed, and the same for models. */
export function eventsApiBulkKey(action: EventsApiAction): string {
  return action.endsWith('.removed') ? action : action.split('.')[0];
}

/** Splits events, in order, into homogeneous requests of at most `max`, never one `event_id` twice in a request. */
export function batchEventsApi(events: EventsApiEventObject[], max = EVENTS_API_MAX_BULK): EventsApiEventObject[][] {
  const batches: EventsApiEventObject[][] = [];
  let current: EventsApiEventObject[] = [];
  for (const event of events) {
    const head = current[0];
    const fits =
      head !== undefined &&
      current.length < max &&
      eventsApiBulkKey(head.action) === eventsApiBulkKey(event.action) &&
      !current.some((e) => e.event_id === event.event_id);
    if (!fits && current.length > 0) {
      batches.push(current);
      current = [];
    }
    current.push(event);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
