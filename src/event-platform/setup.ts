/**
 * `event-platform setup`: brings this PIM's subscriber and the service's `https` subscription to the wanted
 * state, idempotently. It creates what is missing and PATCHes only fields that visibly differ, so a second run
 * changes nothing. Secrets are never returned by the platform, so they are sent on create only (or on request).
 */
import type { EventPlatformApi } from '../akeneo/event-platform-api';
import { PRODUCT_EVENT_TYPES, PRODUCT_MODEL_EVENT_TYPES } from '../akeneo/event-platform-schema';
import { STRUCTURE_EVENT_TYPES } from '../akeneo/event-platform-structure';
import type { Subscriber, SubscriberInput, Subscription, SubscriptionInput, SubscriptionSecrets } from '../akeneo/event-platform-wire';
import { findSubscribers, isOurs, isUsable, sameUrl } from './locate';

/**
 * The event types the service subscribes to: `created`, `updated` and `deleted` of products and product models,
 * and of the structure the platform publishes events of (categories, attributes, attribute options, attribute
 * groups, families). Not `*.updated.delta`, which the API also accepts: the worker fetches the entity from the
 * REST API whatever the event says, so the delta's `changes` would only make deliveries larger. `*.updated` fires
 * on the same changes (https://api.akeneo.com/event-platform/available-events.html).
 */
export const SUBSCRIBED_EVENT_TYPES: readonly string[] = [...PRODUCT_EVENT_TYPES, ...PRODUCT_MODEL_EVENT_TYPES, ...STRUCTURE_EVENT_TYPES].filter(
  (t) => !t.endsWith('.delta'),
);

/**
 * Product events then carry the SKU (`data.product.identifier`) as well as the uuid, so the entity workflow can set
 * its `ProductIdentifier` search attribute from the event (https://api.akeneo.com/event-platform/concepts.html).
 */
export const SEND_PRODUCT_IDENTIFIER = true;

/** Channels of status notifications once the notification webhook is on: e-mail stays, as the humans' copy. */
export const NOTIFICATION_CHANNELS = ['email', 'webhook'] as const;

/** What `setup` makes true. */
export interface SetupTarget {
  /** The PIM URL (`AKENEO_BASE_URL`), the `subject` of the subscriber and subscription. */
  pimUrl: string;
  subscriberName: string;
  technicalEmail: string;
  /** The subscription's `config.url`: the API's `POST /akeneo/event-platform`. */
  webhookUrl: string;
  /** Sent when the subscription is created; an existing one keeps its secrets (see `rotate-secret`). */
  secrets: SubscriptionSecrets;
  /** The notification webhook; without it, notification settings are left as they are. */
  notifications?: { url: string; secret: string };
  /** Send the notification secret to an existing subscriber too (no diff can show it). */
  resendNotificationSecret?: boolean;
}

/** What happened to one object. */
export type SetupAction = 'created' | 'updated' | 'unchanged';

/** The outcome of {@link ensureEventPlatformSetup}, printed as JSON by the CLI. */
export interface SetupReport {
  subscriber: { id: string; name: string; action: SetupAction; changed: string[] };
  subscription: { id: string; url: string; action: SetupAction; changed: string[]; status?: string; events: string[] };
  /** Where status notifications go besides e-mail; `null`: notification settings were left as they are. */
  notificationWebhook: string | null;
  warnings: string[];
}

/** Creates or updates the subscriber and subscription of `target`; makes no call that changes nothing. */
export async function ensureEventPlatformSetup(api: EventPlatformApi, target: SetupTarget): Promise<SetupReport> {
  const warnings: string[] = [];
  const subscriber = await ensureSubscriber(api, target, warnings);
  const subscription = await ensureSubscription(api, subscriber.id, target, warnings);
  return {
    subscriber,
    subscription,
    notificationWebhook: target.notifications?.url ?? null,
    warnings,
  };
}

async function ensureSubscriber(api: EventPlatformApi, t: SetupTarget, warnings: string[]): Promise<SetupReport['subscriber']> {
  const mine = await findSubscribers(api, t.subscriberName, t.pimUrl);
  if (mine.length > 1) warnings.push(`${mine.length} subscribers are named ${t.subscriberName}: using ${mine[0].id}`);
  const found = mine[0];
  if (!found) {
    const input: SubscriberInput = { name: t.subscriberName, technicalEmail: t.technicalEmail, ...notificationFields(t) };
    const created = await api.createSubscriber(input);
    return { id: created.id, name: t.subscriberName, action: 'created', changed: [] };
  }
  const patch = subscriberChanges(found, t);
  const changed = Object.keys(patch).map((k) => SUBSCRIBER_WIRE_NAMES[k as keyof SubscriberInput]);
  if (changed.length > 0) await api.updateSubscriber(found.id, patch);
  return { id: found.id, name: found.name, action: changed.length > 0 ? 'updated' : 'unchanged', changed };
}

const SUBSCRIBER_WIRE_NAMES: Record<keyof SubscriberInput, string> = {
  name: 'name',
  technicalEmail: 'technical_email',
  notificationChannels: 'notification_channels',
  notificationWebhookUrl: 'notification_webhook_url',
  notificationWebhookSecret: 'notification_webhook_secret',
};

function notificationFields(t: SetupTarget): SubscriberInput {
  if (!t.notifications) return {};
  return { notificationChannels: [...NOTIFICATION_CHANNELS], notificationWebhookUrl: t.notifications.url, notificationWebhookSecret: t.notifications.secret };
}

/**
 * The fields of `found` that visibly differ from `t`: a field the platform does not show is left alone, except
 * when the notification webhook is added (URL, channels and secret go together). The notification secret is
 * never shown, so it is sent only with a new webhook or on request.
 */
export function subscriberChanges(found: Subscriber, t: SetupTarget): SubscriberInput {
  const patch: SubscriberInput = {};
  if (found.technicalEmail !== undefined && found.technicalEmail !== t.technicalEmail) patch.technicalEmail = t.technicalEmail;
  if (!t.notifications) return patch;
  const adding = found.notificationWebhookUrl === undefined;
  const channels = found.notificationChannels;
  if (adding || (channels !== undefined && !sameSet(channels, NOTIFICATION_CHANNELS))) patch.notificationChannels = [...NOTIFICATION_CHANNELS];
  if (adding || !sameUrl(found.notificationWebhookUrl ?? '', t.notifications.url)) patch.notificationWebhookUrl = t.notifications.url;
  if (adding || t.resendNotificationSecret) patch.notificationWebhookSecret = t.notifications.secret;
  return patch;
}

async function ensureSubscription(api: EventPlatformApi, subscriberId: string, t: SetupTarget, warnings: string[]): Promise<SetupReport['subscription']> {
  const all = await api.listSubscriptions(subscriberId);
  const found = all.find((s) => isOurs(s, t.webhookUrl));
  for (const other of all.filter((s) => s !== found && isUsable(s.status) && s.events.some((e) => SUBSCRIBED_EVENT_TYPES.includes(e)))) {
    warnings.push(`subscription ${other.id} (${other.type} ${other.url ?? ''}) also receives product events: delete it if it is a leftover`);
  }
  const events = [...SUBSCRIBED_EVENT_TYPES];
  if (!found) {
    const input: SubscriptionInput = {
      source: 'pim',
      subject: t.pimUrl,
      type: 'https',
      events,
      sendProductIdentifier: SEND_PRODUCT_IDENTIFIER,
      config: { url: t.webhookUrl, secret: t.secrets },
    };
    const created = await api.createSubscription(subscriberId, input);
    // "there may be a delay of several minutes" before it is active (https://api.akeneo.com/event-platform/concepts.html)
    warnings.push('a new subscription may take several minutes to become active');
    return { id: created.id, url: t.webhookUrl, action: 'created', changed: [], status: created.status, events };
  }
  if (found.status === 'suspended') {
    warnings.push(`subscription ${found.id} is suspended: events are lost until it is resumed (POST …/subscriptions/${found.id}/resume)`);
  }
  const patch = subscriptionChanges(found);
  const changed = Object.keys(patch).map((k) => (k === 'sendProductIdentifier' ? 'send_product_identifier' : k));
  if (changed.length > 0) await api.updateSubscription(subscriberId, found.id, patch);
  return { id: found.id, url: t.webhookUrl, action: changed.length > 0 ? 'updated' : 'unchanged', changed, status: found.status, events };
}

/** The fields of an existing subscription that visibly differ from what the service wants (never its secrets). */
export function subscriptionChanges(found: Subscription): SubscriptionInput {
  const patch: SubscriptionInput = {};
  if (!sameSet(found.events, SUBSCRIBED_EVENT_TYPES)) patch.events = [...SUBSCRIBED_EVENT_TYPES];
  const sendsIdentifier = found.sendProductIdentifier;
  if (sendsIdentifier !== undefined && sendsIdentifier !== SEND_PRODUCT_IDENTIFIER) patch.sendProductIdentifier = SEND_PRODUCT_IDENTIFIER;
  return patch;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}
