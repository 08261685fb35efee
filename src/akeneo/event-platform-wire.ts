/**
 * The Event Platform management API's objects as this service sees them, and their JSON on the wire.
 * Reading is tolerant (lists as an array or wrapped, subscriber contact fields flat or under `contact`);
 * secrets are write-only: the platform never returns them, and nothing here reads one back.
 */

/** A subscriber: one per PIM and connection (https://api.akeneo.com/event-platform/concepts.html, "Subscriber"). */
export interface Subscriber {
  id: string;
  name: string;
  /** The PIM URL, taken by the platform from `X-PIM-URL`. */
  subject?: string;
  /** `active`, `revoked` or `deleted`. */
  status?: string;
  technicalEmail?: string;
  /** `email` and/or `webhook`; the platform's default is `["email"]`. */
  notificationChannels?: string[];
  notificationWebhookUrl?: string;
}

/** A subscription of a subscriber (https://api.akeneo.com/event-platform/concepts.html, "Subscription"). */
export interface Subscription {
  id: string;
  /** `https`, `pubsub` or `kafka`. */
  type: string;
  events: string[];
  /** `active`, `suspended`, `revoked` or `deleted`. */
  status?: string;
  /** `config.url` of an `https` subscription. */
  url?: string;
  /** Product events carry `data.product.identifier` as well as the uuid (platform default false); `undefined`: not shown. */
  sendProductIdentifier?: boolean;
  subject?: string;
}

/** The fields of a subscriber to create or change; `undefined` leaves one unset (or unchanged). */
export interface SubscriberInput {
  name?: string;
  technicalEmail?: string;
  notificationChannels?: string[];
  notificationWebhookUrl?: string;
  /** Write-only: the platform never returns it. */
  notificationWebhookSecret?: string;
}

/** Signing secrets of an `https` subscription (16–256 characters each); write-only. */
export interface SubscriptionSecrets {
  primary: string;
  secondary?: string;
}

/** The fields of an `https` subscription to create or change; `undefined` leaves one unchanged. */
export interface SubscriptionInput {
  source?: 'pim';
  subject?: string;
  type?: 'https';
  events?: string[];
  sendProductIdentifier?: boolean;
  /** The whole `config` is sent, url included, in case the platform replaces it rather than merging. */
  config?: { url: string; secret: SubscriptionSecrets };
}

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined);
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/** The items of a list answer: a JSON array, or one wrapped as `{items}`, `{data}` or `{_embedded: {items}}`. */
export function listItems(body: unknown): unknown[] | undefined {
  const o = obj(body);
  const list: unknown = Array.isArray(body) ? body : (o.items ?? o.data ?? obj(o._embedded).items);
  return Array.isArray(list) ? (list as unknown[]) : undefined;
}

/** A subscriber from its JSON; `undefined` without an id. */
export function readSubscriber(json: unknown): Subscriber | undefined {
  const o = obj(json);
  const id = str(o.id);
  if (!id) return undefined;
  // Akeneo's docs nest these under `contact`; the contract this service was given has them at the top level.
  const contact = { ...o, ...obj(o.contact) };
  return {
    id,
    name: str(o.name) ?? '',
    subject: str(o.subject),
    status: str(o.status),
    technicalEmail: str(contact.technical_email),
    notificationChannels: strings(contact.notification_channels),
    notificationWebhookUrl: str(contact.notification_webhook_url),
  };
}

/** A subscription from its JSON; `undefined` without an id. */
export function readSubscription(json: unknown): Subscription | undefined {
  const o = obj(json);
  const id = str(o.id);
  if (!id) return undefined;
  return {
    id,
    type: str(o.type) ?? '',
    events: strings(o.events) ?? [],
    status: str(o.status),
    url: str(obj(o.config).url),
    sendProductIdentifier: typeof o.send_product_identifier === 'boolean' ? o.send_product_identifier : undefined,
    subject: str(o.subject),
  };
}

/**
 * The JSON body of a subscriber create or PATCH. The contact fields go both at the top level (the contract this
 * service codes against) and under `contact`, where Akeneo's published docs put them: the create example in
 * https://api.akeneo.com/event-platform/getting-started.html and
 * https://api.akeneo.com/events-documentation/migrate-to-event-platform.html ("a `contact` sub-object"), and the
 * configuration example in https://api.akeneo.com/event-platform/notification-webhooks.html.
 */
export function subscriberBody(input: SubscriberInput): Json {
  const contact = defined({
    technical_email: input.technicalEmail,
    notification_channels: input.notificationChannels,
    notification_webhook_url: input.notificationWebhookUrl,
    notification_webhook_secret: input.notificationWebhookSecret,
  });
  return defined({ name: input.name, ...contact, ...(Object.keys(contact).length > 0 && { contact }) });
}

/** The JSON body of a subscription create or PATCH (https://api.akeneo.com/event-platform/concepts.html, "HTTPS subscription"). */
export function subscriptionBody(input: SubscriptionInput): Json {
  const secret = input.config && defined({ primary: input.config.secret.primary, secondary: input.config.secret.secondary });
  return defined({
    source: input.source,
    subject: input.subject,
    events: input.events,
    type: input.type,
    config: input.config && { url: input.config.url, secret },
    send_product_identifier: input.sendProductIdentifier,
  });
}

/** Secret values in a body built by {@link subscriberBody} or {@link subscriptionBody}, to keep out of messages. */
export function secretsIn(input: SubscriberInput | SubscriptionInput): string[] {
  const i = input as SubscriberInput & SubscriptionInput;
  return [i.config?.secret.primary, i.config?.secret.secondary, i.notificationWebhookSecret].filter((v): v is string => typeof v === 'string' && v !== '');
}

function defined(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
