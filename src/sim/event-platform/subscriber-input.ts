/**
 * Subscriber bodies: reading `POST`/`PATCH /subscribers` and writing the subscriber the API answers.
 *
 * The docs disagree on the shape. Every wire example nests the contact fields under `contact`
 * (getting-started.html "Create a Subscriber" request and response; migrate-to-event-platform.html; the body of
 * notification-webhooks.html "Configuration"; the 2024 OpenAPI `SubscriberPayload`), while the property table of
 * concepts.html ("Subscriber") lists them flat. The simulator reads both (`contact` wins) and, unless `strictShape`,
 * answers both: `contact: {...}` plus the same fields at the top level.
 */
import { NotificationChannel, type StoredSubscriber } from './types';
import { checkEmail, checkSecret, checkUrl, isObject, objectBody, Problems, readString } from './validation';

/** The fields a subscriber body may set; `undefined`: not sent. */
export interface SubscriberFields {
  name?: string;
  technicalEmail?: string;
  /** `[]` means "back to the default" (notification-webhooks.html: "Send `[]` in a PATCH request to clear the value"). */
  notificationChannels?: NotificationChannel[];
  notificationWebhookUrl?: string;
  notificationWebhookSecret?: string;
}

/** How subscriber bodies are read and written. */
export interface SubscriberShapeOptions {
  /** Only the documented `contact` form: flat contact fields are ignored on input and not written on output. */
  strictShape: boolean;
  insecureHosts: readonly string[];
}

const CHANNELS: readonly string[] = Object.values(NotificationChannel);

/** Reads a subscriber body; `create` makes `name` and `technical_email` required. Throws `ValidationError`. */
export function readSubscriberBody(body: unknown, create: boolean, options: SubscriberShapeOptions): SubscriberFields {
  const top = objectBody(body);
  const problems = new Problems();
  if (top.contact !== undefined && !isObject(top.contact)) problems.add('contact must be an object');
  const contact = isObject(top.contact) ? top.contact : {};
  const pick = (key: string): unknown => (key in contact || options.strictShape ? contact[key] : top[key]);
  const fields: SubscriberFields = {
    name: readString(problems, top.name, 'name', create),
    technicalEmail: readString(problems, pick('technical_email'), 'contact.technical_email', create),
    notificationWebhookUrl: readString(problems, pick('notification_webhook_url'), 'contact.notification_webhook_url', false),
    notificationWebhookSecret: readString(problems, pick('notification_webhook_secret'), 'contact.notification_webhook_secret', false),
  };
  if (fields.name !== undefined && fields.name.trim() === '') problems.add('name must not be empty');
  checkEmail(problems, fields.technicalEmail, 'contact.technical_email');
  checkUrl(problems, fields.notificationWebhookUrl, 'contact.notification_webhook_url', options.insecureHosts);
  checkSecret(problems, fields.notificationWebhookSecret, 'contact.notification_webhook_secret');
  const channels = pick('notification_channels');
  if (channels !== undefined && channels !== null) {
    if (!Array.isArray(channels) || channels.some((c) => typeof c !== 'string' || !CHANNELS.includes(c))) {
      problems.add(`contact.notification_channels must be an array of ${CHANNELS.join(', ')}`);
    } else {
      fields.notificationChannels = [...new Set(channels as NotificationChannel[])];
    }
  }
  problems.throwIfAny();
  return fields;
}

/**
 * Applies `fields` to `target`, then checks the rule of concepts.html ("Subscriber"): the webhook URL and secret are
 * required when `webhook` is a channel. Returns whether anything changed. Throws `ValidationError`.
 */
export function applySubscriberFields(target: StoredSubscriber, fields: SubscriberFields): boolean {
  const before = JSON.stringify(target);
  if (fields.name !== undefined) target.name = fields.name;
  if (fields.technicalEmail !== undefined) target.technicalEmail = fields.technicalEmail;
  if (fields.notificationChannels !== undefined) {
    // "Defaults to ["email"] if omitted. Send [] in a PATCH request to clear the value and revert to the default."
    target.notificationChannels = fields.notificationChannels.length > 0 ? fields.notificationChannels : [NotificationChannel.EMAIL];
  }
  if (fields.notificationWebhookUrl !== undefined) target.notificationWebhookUrl = fields.notificationWebhookUrl;
  if (fields.notificationWebhookSecret !== undefined) target.notificationWebhookSecret = fields.notificationWebhookSecret;
  if (target.notificationChannels.includes(NotificationChannel.WEBHOOK)) {
    const problems = new Problems();
    if (!target.notificationWebhookUrl) problems.add('contact.notification_webhook_url is required when webhook is a notification channel');
    if (!target.notificationWebhookSecret) problems.add('contact.notification_webhook_secret is required when webhook is a notification channel');
    problems.throwIfAny();
  }
  return JSON.stringify(target) !== before;
}

/** The subscriber as the API shows it; the notification secret is never returned (notification-webhooks.html). */
export function renderSubscriber(s: StoredSubscriber, strictShape: boolean): Record<string, unknown> {
  const contact = {
    technical_email: s.technicalEmail,
    notification_channels: [...s.notificationChannels],
    ...(s.notificationWebhookUrl !== undefined ? { notification_webhook_url: s.notificationWebhookUrl } : {}),
  };
  return {
    id: s.id,
    name: s.name,
    subject: s.subject,
    // `client_id` is in the 2024 OpenAPI `Subscriber` schema; not in today's examples.
    client_id: s.clientId,
    status: s.status,
    contact,
    ...(strictShape ? {} : contact),
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}
