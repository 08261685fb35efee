/** The OpenAPI description of the Event Platform routes: event deliveries and subscription notifications. */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { notificationBodySchema } from '../../akeneo/event-platform-notification-schema';
import { cloudEventSchema } from '../../akeneo/event-platform-schema';
import { NotificationType } from '../../domain/subscription-notification';
import { BUSY, errors, json } from './shared';

// Named copies (zod `.meta` returns a new schema) so the document shows them as components.
const cloudEvent = cloudEventSchema.meta({ id: 'CloudEvent', description: 'CloudEvents 1.0 (structured mode); `data` is checked per type.' });
const notificationBody = notificationBodySchema.meta({
  id: 'SubscriptionNotification',
  description:
    `Event Platform notification webhook. \`notification_type\` is one of ${Object.values(NotificationType).join(', ')}; ` +
    'another type answers 200 `{"accepted":false,"ignored":…}`. Extra fields are tolerated.',
});

/** Registers `POST /akeneo/event-platform` and its notification webhook. */
export function registerEventPlatform(r: OpenAPIRegistry): void {
  const signature = z.string().meta({ description: 'Hex HMAC-SHA256 of the raw body with the primary or secondary secret.' });
  r.registerPath({
    method: 'post',
    path: '/akeneo/event-platform',
    operationId: 'receiveEventPlatform',
    tags: ['webhooks'],
    summary: 'Event Platform webhook, one CloudEvent per request (verified with AKENEO_EVENT_PLATFORM_SECRET)',
    description:
      'At least one signature header must match a configured secret. Product and product-model events are accepted, and ' +
      'category, attribute, attribute-option, attribute-group and family events (`created`, `updated`, `deleted`; their ' +
      '`data.<entity>.code`, and `data.attribute_option.attribute.code`, checked like product-model codes); ' +
      'other well-formed event types answer 200 with `accepted: 0`. Never 404 or 3xx (the platform suspends the ' +
      'subscription at once); any Content-Type is read as JSON.',
    request: {
      headers: z.object({ 'x-akeneo-signature-primary': signature.optional(), 'x-akeneo-signature-secondary': signature.optional() }),
      body: {
        required: true,
        content: { 'application/json': { schema: cloudEvent }, 'application/cloudevents+json': { schema: cloudEvent } },
      },
    },
    responses: {
      200: json(z.object({ accepted: z.int().min(0).max(1), ignored: z.string().optional() }), 'Event durably handed to Temporal, or ignored.'),
      ...errors({
        400:
          'invalid_json, invalid_payload, body_too_large or bad_request; stale_event: the event\'s `time` is older than ' +
          'EVENT_PLATFORM_MAX_EVENT_AGE (default 6 h, past the platform\'s retries): a replay of a captured request.',
        401: 'bad_signature: no signature header matches a configured secret.',
        429: `overloaded: too many events in flight; the platform lowers its rate and retries. ${BUSY}`,
        503:
          'handover_pending: Temporal had not confirmed the event within 4 s (the hand-over goes on; a retry is a duplicate); ' +
          'temporal_unavailable: Temporal refused the event; not_configured: AKENEO_EVENT_PLATFORM_SECRET is not set.',
      }),
    },
  });
  r.registerPath({
    method: 'post',
    path: '/akeneo/event-platform/notifications',
    operationId: 'receiveEventPlatformNotification',
    tags: ['webhooks'],
    summary: 'Event Platform notification webhook: a subscription was suspended, revoked or resumed',
    description:
      'Verified with AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET (the subscriber\'s `notification_webhook_secret`), then handed to ' +
      'the workflow `event-platform-subscription-<subscription_id>`, which records it and, on `subscription.resumed`, starts a ' +
      'delta reconcile from when the subscription stopped delivering.',
    request: {
      headers: z.object({
        'x-akeneo-signature-primary': z.string().meta({ description: 'Hex HMAC-SHA256 of the raw body with the notification secret.' }),
      }),
      body: { required: true, content: { 'application/json': { schema: notificationBody } } },
    },
    responses: {
      200: json(z.object({ accepted: z.boolean(), ignored: z.string().optional() }), 'Notification durably handed to Temporal, or of another type and ignored.'),
      ...errors({
        400:
          'invalid_json, invalid_payload, body_too_large or bad_request; stale_event: the notification\'s `timestamp` is older than ' +
          'EVENT_PLATFORM_MAX_EVENT_AGE (default 6 h; the platform retries a notification for 3 s): a replay of a captured request.',
        401: 'bad_signature: X-AKENEO-SIGNATURE-PRIMARY is missing or does not match.',
        429: BUSY,
        503: 'temporal_unavailable: the notification could not be handed to Temporal; not_configured: AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET is not set.',
      }),
    },
  });
}
