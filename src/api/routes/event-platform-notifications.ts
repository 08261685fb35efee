/**
 * `POST /akeneo/event-platform/notifications`: the Event Platform's notification webhook (a subscription
 * was suspended, revoked or resumed). Verified like deliveries but with one secret (primary header only),
 * handed to the subscription's workflow in Temporal before answering 200, well inside the platform's 5 s.
 * The platform retries 5xx and 429 twice (after 1 s and 2 s), not other 4xx, then falls back to e-mail.
 * Source: https://api.akeneo.com/event-platform/notification-webhooks.html. Like deliveries, a notification is
 * signed over its body only, so its `timestamp` is what bounds a replay: one older than
 * `EVENT_PLATFORM_MAX_EVENT_AGE` is refused, 400 `stale_event` (a genuine one is seconds old, its retries end after 3 s).
 */
import Router from '@koa/router';
import { MAX_REASON_LENGTH, parseNotification, type NotificationBody } from '../../akeneo/event-platform-notification-schema';
import { signatureMatches, signEventPlatform } from '../../akeneo/signature';
import { toUtcIso } from '../../akeneo/to-entity-events';
import { formatSpan, isStaleEvent } from '../../event-platform/event-age';
import { stopsDelivery, type NotificationType, type SubscriptionNotification } from '../../domain/subscription-notification';
import { EventOutcome } from '../../metrics/names';
import { noteEvents } from '../../metrics/webhook-metrics';
import type { BodyBudget } from '../body-budget';
import { HttpError } from '../errors';
import { MAX_EVENT_AHEAD_MS } from '../future-events';
import type { ApiState, NotificationIntake } from '../ports';
import { parseRawJson, rawBody } from '../raw-body';

/** Path of the notification webhook (the subscriber's `notification_webhook_url`). */
export const EVENT_PLATFORM_NOTIFICATIONS_PATH = '/akeneo/event-platform/notifications';

/** What the notification route needs. */
export interface NotificationRouteDeps {
  /** The subscriber's `notification_webhook_secret`; unset: every request is answered 503 `not_configured`. */
  secret?: string;
  notifications: NotificationIntake;
  /** `RECONCILE_SAFETY_MARGIN`, passed on to the workflow (ms). */
  safetyMarginMs: number;
  /** Clock in epoch milliseconds. */
  now: () => number;
  /** Notifications dated longer ago are refused, 400 `stale_event` (`EVENT_PLATFORM_MAX_EVENT_AGE`, ms). */
  maxEventAgeMs: number;
  /** The process's budget of request-body bytes being read (429 `busy` past it). */
  bodies: BodyBudget;
}

function toNotification(type: NotificationType, body: NotificationBody, nowMs: number, safetyMarginMs: number): SubscriptionNotification {
  const timestamp = toUtcIso(body.timestamp);
  if (Date.parse(timestamp) > nowMs + MAX_EVENT_AHEAD_MS) {
    throw new HttpError(400, 'invalid_payload', `timestamp ${body.timestamp} is more than 1 h in the future`);
  }
  return {
    type,
    timestamp,
    subscriptionId: body.subscription_id,
    ...(body.subscriber_id && { subscriberId: body.subscriber_id }),
    ...(body.reason && { reason: body.reason.slice(0, MAX_REASON_LENGTH) }),
    ...(body.destination && { destination: body.destination }),
    receivedAt: new Date(nowMs).toISOString(),
    safetyMarginMs,
  };
}

/** The router of the notification webhook. */
export function eventPlatformNotificationsRouter(deps: NotificationRouteDeps): Router<ApiState> {
  const router = new Router<ApiState>();
  router.post(EVENT_PLATFORM_NOTIFICATIONS_PATH, rawBody(deps.bodies), async (ctx) => {
    const raw = ctx.state.rawBody ?? Buffer.alloc(0);
    if (!deps.secret) {
      throw new HttpError(503, 'not_configured', 'AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET is not set: notifications cannot be verified');
    }
    // Only the primary header: notification webhooks have a single secret, no rotation.
    if (!signatureMatches(signEventPlatform(deps.secret, raw), ctx.get('x-akeneo-signature-primary') || undefined)) {
      throw new HttpError(401, 'bad_signature', 'X-AKENEO-SIGNATURE-PRIMARY is missing or does not match');
    }
    const parsed = parseNotification(parseRawJson(raw));
    if (parsed.kind === 'ignored') {
      noteEvents(ctx, [parsed.type], EventOutcome.IGNORED);
      ctx.state.log.warn({ notificationType: parsed.type }, 'Event Platform notification of an unknown type ignored');
      ctx.body = { accepted: false, ignored: parsed.type };
      return;
    }
    const nowMs = deps.now();
    // A replayed old suspension or resume would otherwise be applied to a subscription whose state was lost.
    const stale = isStaleEvent(parsed.body.timestamp, nowMs, deps.maxEventAgeMs);
    noteEvents(ctx, [parsed.type], stale ? EventOutcome.STALE : undefined);
    if (stale) {
      const age = formatSpan(deps.maxEventAgeMs);
      throw new HttpError(400, 'stale_event', `notification ${parsed.type} is dated ${parsed.body.timestamp}, more than ${age} ago (EVENT_PLATFORM_MAX_EVENT_AGE): a replay, not a delivery`);
    }
    const notification = toNotification(parsed.type, parsed.body, nowMs, deps.safetyMarginMs);
    const { subscriptionId, subscriberId, timestamp, reason } = notification;
    const line = { notificationType: parsed.type, subscriptionId, subscriberId, timestamp, reason };
    try {
      await deps.notifications.submit(notification);
    } catch (err) {
      ctx.state.log.error({ err, ...line }, 'Event Platform notification not handed to Temporal');
      throw new HttpError(503, 'temporal_unavailable', 'the notification could not be handed to Temporal; the platform will retry');
    }
    if (stopsDelivery(parsed.type)) ctx.state.log.warn(line, 'Event Platform subscription stopped delivering');
    else ctx.state.log.info(line, 'Event Platform subscription resumed');
    ctx.body = { accepted: true };
  });
  return router;
}
