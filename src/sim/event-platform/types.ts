/**
 * The Event Platform's objects as the simulator stores them: subscribers, subscriptions, their statuses and limits.
 * Source: https://api.akeneo.com/event-platform/concepts.html (akeneo/pim-api-docs content/event-platform/concepts.md).
 */

/** Subscriber statuses: concepts.html lists `active` and `deleted`; the 2024 OpenAPI file (see the reference §1.3) adds `revoked`. */
export const SubscriberStatus = { ACTIVE: 'active', REVOKED: 'revoked', DELETED: 'deleted' } as const;
export type SubscriberStatus = (typeof SubscriberStatus)[keyof typeof SubscriberStatus];

/** Subscription statuses, concepts.html ("Subscription"): `deleted` is terminal, `suspended` can be resumed. */
export const SubscriptionStatus = { ACTIVE: 'active', SUSPENDED: 'suspended', REVOKED: 'revoked', DELETED: 'deleted' } as const;
export type SubscriptionStatus = (typeof SubscriptionStatus)[keyof typeof SubscriptionStatus];

/** Destination types, concepts.html ("Subscription types"); only `https` is delivered by the simulator. */
export const DestinationType = { HTTPS: 'https', PUBSUB: 'pubsub', KAFKA: 'kafka' } as const;
export type DestinationType = (typeof DestinationType)[keyof typeof DestinationType];

/** Notification channels of a subscriber, notification-webhooks.html ("Configuration"). */
export const NotificationChannel = { EMAIL: 'email', WEBHOOK: 'webhook' } as const;
export type NotificationChannel = (typeof NotificationChannel)[keyof typeof NotificationChannel];

/** Limits, https://api.akeneo.com/event-platform/limitations.html: 20 subscribers per PIM, 20 subscriptions per subscriber. */
export const EVENT_PLATFORM_LIMITS = { subscribersPerPim: 20, subscriptionsPerSubscriber: 20 } as const;

/** What the API shows instead of a secret: the action-log example of https://api.akeneo.com/event-platform/logs.html. */
export const REDACTED = '***redacted***';

/** A subscriber as stored (the notification secret included; it is never returned). */
export interface StoredSubscriber {
  id: string;
  name: string;
  /** The PIM URL, from `X-PIM-URL`. */
  subject: string;
  /** The connection (OAuth client id) it belongs to, from `X-PIM-CLIENT-ID`. */
  clientId: string;
  technicalEmail: string;
  notificationChannels: NotificationChannel[];
  notificationWebhookUrl?: string;
  notificationWebhookSecret?: string;
  status: SubscriberStatus;
  createdAt: string;
  updatedAt: string;
}

/** The `config` of an HTTPS subscription, secrets in clear. */
export interface HttpsConfig {
  url: string;
  secret: { primary: string; secondary?: string };
  headers?: Record<string, string>;
}

/** A subscription as stored (secrets in clear; they are redacted in answers). */
export interface StoredSubscription {
  id: string;
  subscriberId: string;
  source: 'pim';
  /** The PIM URL, from `X-PIM-URL`. */
  subject: string;
  type: DestinationType;
  events: string[];
  /** `HttpsConfig` for `https`; the other types' config as sent. */
  config: Record<string, unknown>;
  sendProductIdentifier: boolean;
  filter?: string;
  status: SubscriptionStatus;
  createdAt: string;
  updatedAt: string;
}

/** The `https` config of a subscription, or `undefined` for other types. */
export function httpsConfigOf(sub: StoredSubscription): HttpsConfig | undefined {
  return sub.type === DestinationType.HTTPS ? (sub.config as unknown as HttpsConfig) : undefined;
}

/** The notification types of https://api.akeneo.com/event-platform/notification-webhooks.html. */
export const NotificationType = {
  SUSPENDED_SYSTEM: 'subscription.suspended.system',
  SUSPENDED_USER: 'subscription.suspended.user',
  REVOKED: 'subscription.revoked',
  RESUMED: 'subscription.resumed',
} as const;
export type NotificationType = (typeof NotificationType)[keyof typeof NotificationType];

/** A status change of a subscription, as the store reports it to the notifier and the delivery engine. */
export interface StatusChange {
  type: NotificationType;
  subscription: StoredSubscription;
  subscriber: StoredSubscriber;
  reason?: string;
}
