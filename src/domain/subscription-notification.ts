/**
 * Event Platform notification webhooks (a subscription was suspended, revoked or resumed), reduced to
 * what the subscription workflow needs. Plain types and `as const` objects only (workflow-safe).
 * Source: https://api.akeneo.com/event-platform/notification-webhooks.html (akeneo/pim-api-docs,
 * `content/event-platform/notification-webhooks.md`).
 */

/** The four documented `notification_type` values. */
export const NotificationType = {
  /** The platform suspended the subscription (404 or 3xx answered, or below 90 % success over an hour). */
  SUSPENDED_SYSTEM: 'subscription.suspended.system',
  /** Someone suspended it through the Management API. */
  SUSPENDED_USER: 'subscription.suspended.user',
  /** The connection or App was removed. */
  REVOKED: 'subscription.revoked',
  /** It delivers again; what the PIM changed while it was stopped was never sent. */
  RESUMED: 'subscription.resumed',
} as const;
export type NotificationType = (typeof NotificationType)[keyof typeof NotificationType];

/** True for a `notification_type` the service acts on. */
export function isNotificationType(value: string): value is NotificationType {
  return (Object.values(NotificationType) as string[]).includes(value);
}

/** True for a type that stops deliveries (a suspension or a revocation). */
export function stopsDelivery(type: NotificationType): boolean {
  return type !== NotificationType.RESUMED;
}

/** One verified notification, as the API hands it to the subscription workflow. */
export interface SubscriptionNotification {
  type: NotificationType;
  /** The platform's `timestamp` (when it built the payload), ISO-8601 UTC. */
  timestamp: string;
  subscriptionId: string;
  subscriberId?: string;
  /** Human-readable cause, e.g. "Success rate dropped below 90%" (truncated). */
  reason?: string;
  /** The subscription's destination (HTTPS URL or Pub/Sub topic). */
  destination?: string;
  /** When the API received it, ISO-8601 UTC. */
  receivedAt: string;
  /** `RECONCILE_SAFETY_MARGIN` of the API that received it: subtracted from the stop time of a resume's reconcile (ms). */
  safetyMarginMs: number;
}
