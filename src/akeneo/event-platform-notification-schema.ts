/**
 * zod schema of Event Platform notification webhooks: a JSON object per request, signed like event
 * deliveries but with the subscriber's single `notification_webhook_secret`. The documented fields are
 * checked; extra ones are tolerated (Akeneo adds fields over time). Source:
 * https://api.akeneo.com/event-platform/notification-webhooks.html ("Payload").
 */
import { z } from 'zod';
import { isNotificationType, type NotificationType } from '../domain/subscription-notification';

/** Longest `reason` kept: it goes into workflow history and logs. */
export const MAX_REASON_LENGTH = 500;

/** Ids end up in workflow ids: the documented UUIDs, or anything as tame. */
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'expected a uuid');

/** The documented body; only `notification_type`, `timestamp` and `subscription_id` are required. */
export const notificationBodySchema = z.looseObject({
  notification_type: z.string().min(1).max(128),
  timestamp: z.iso.datetime({ offset: true }).meta({ description: 'RFC 3339, when the platform built the payload.' }),
  subscription_id: id,
  subscriber_id: id.optional(),
  destination: z.string().max(2048).optional(),
  events: z.array(z.string()).optional(),
  reason: z.string().nullish(),
  subject: z.string().optional().meta({ description: 'The PIM URL.' }),
});
/** A parsed notification body. */
export type NotificationBody = z.infer<typeof notificationBodySchema>;

const envelope = z.looseObject({ notification_type: z.string().min(1).max(128) });

/** A notification the service acts on, or one of another type (answered 200 and ignored). */
export type ParsedNotification = { kind: 'known'; type: NotificationType; body: NotificationBody } | { kind: 'ignored'; type: string };

/**
 * Parses a notification; throws ZodError when it is malformed. A `notification_type` the docs do not list
 * is reported as ignored before the other fields are checked: answering it 4xx would only lose it.
 */
export function parseNotification(json: unknown): ParsedNotification {
  const { notification_type: type } = envelope.parse(json);
  if (!isNotificationType(type)) return { kind: 'ignored', type };
  return { kind: 'known', type, body: notificationBodySchema.parse(json) };
}
