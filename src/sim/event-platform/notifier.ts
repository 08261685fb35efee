/**
 * Notifications of subscription status changes, per https://api.akeneo.com/event-platform/notification-webhooks.html
 * (akeneo/pim-api-docs content/event-platform/notification-webhooks.md): a signed JSON POST to the subscriber's
 * `notification_webhook_url` when `webhook` is a channel; a 2xx within 5 s acknowledges; 5xx, 429 (and, a simulator
 * choice, no answer) are retried, other 4xx and 3xx are not; when every attempt fails and `email` is not a channel,
 * an email goes to `technical_email`. Emails are only recorded.
 */
import { signEventPlatform } from '../../akeneo/signature';
import { formatRfc3339 } from '../catalog-types';
import { EVENT_PLATFORM_USER_AGENT } from '../event-platform-request';
import type { TimerSet } from './clock';
import { postOnce } from './http-post';
import { DestinationType, NotificationChannel, type NotificationType, type StatusChange, type StoredSubscription } from './types';
import type { WorkTracker } from './work-tracker';

/**
 * Virtual delays between notification attempts. The page says "retries up to 3 times with delays of 1s and 2s between
 * attempts": three retries but two delays; the third is taken as 4 s (doubling), an assumption.
 */
export const NOTIFICATION_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000];
/** "Reply with a 2xx status within 5 seconds". */
export const NOTIFICATION_TIMEOUT_MS = 5000;

/** The documented body of a notification. */
export interface NotificationBody {
  notification_type: NotificationType;
  /** RFC 3339 UTC, when the payload was built. */
  timestamp: string;
  subscription_id: string;
  subscriber_id: string;
  /** The destination: HTTPS URL, or Pub/Sub topic identifier. */
  destination: string;
  events: string[];
  reason?: string;
  /** The PIM URL of the subscriber. */
  subject: string;
}

/** One notification POST. */
export interface NotificationAttempt {
  body: NotificationBody;
  url: string;
  /** 1 to 4. */
  attempt: number;
  status: number;
  error?: 'timeout' | 'network';
}

/** A notification that went by email (a channel, or the fallback). */
export interface NotificationEmail {
  to: string;
  body: NotificationBody;
  /** Sent because every webhook attempt failed. */
  fallback: boolean;
}

/** Options of {@link Notifier}. */
export interface NotifierOptions {
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
}

/** Sends notifications and records them. */
export class Notifier {
  /** Every webhook POST, in completion order. */
  readonly attempts: NotificationAttempt[] = [];
  /** Every notification sent by email. */
  readonly emails: NotificationEmail[] = [];
  /** Notifications acknowledged by the webhook. */
  acknowledged = 0;
  /** Notifications whose every webhook attempt failed. */
  failed = 0;
  private readonly closing = new AbortController();

  constructor(
    private readonly timers: TimerSet,
    private readonly work: WorkTracker,
    private readonly fetchFn: typeof fetch,
    private readonly options: NotifierOptions = {},
  ) {}

  /** Notifies one status change on the subscriber's channels. */
  notify(change: StatusChange): void {
    const { subscriber } = change;
    const body = this.bodyOf(change);
    const channels = subscriber.notificationChannels;
    if (channels.includes(NotificationChannel.EMAIL)) this.emails.push({ to: subscriber.technicalEmail, body, fallback: false });
    const { notificationWebhookUrl: url, notificationWebhookSecret: secret } = subscriber;
    if (!channels.includes(NotificationChannel.WEBHOOK) || !url || !secret) return;
    this.work.begin();
    void this.attempt(body, url, secret, 1).then((ok) => {
      if (ok) this.acknowledged++;
      else {
        this.failed++;
        if (!channels.includes(NotificationChannel.EMAIL)) this.emails.push({ to: subscriber.technicalEmail, body, fallback: true });
      }
      this.work.end();
    });
  }

  /** Aborts requests in flight. */
  close(): void {
    this.closing.abort();
  }

  private async attempt(body: NotificationBody, url: string, secret: string, attempt: number): Promise<boolean> {
    const raw = JSON.stringify(body);
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': EVENT_PLATFORM_USER_AGENT,
      'X-AKENEO-SIGNATURE-PRIMARY': signEventPlatform(secret, raw),
      'X-AKENEO-SIGNATURE-ALGORITHM': 'HmacSHA256',
    };
    const result = await postOnce(this.fetchFn, url, headers, raw, this.options.timeoutMs ?? NOTIFICATION_TIMEOUT_MS, this.closing.signal);
    if (this.closing.signal.aborted) return false;
    this.attempts.push({ body, url, attempt, status: result.status, ...(result.error ? { error: result.error } : {}) });
    if (result.status >= 200 && result.status <= 299) return true;
    const retryable = result.status === 0 || result.status === 429 || result.status >= 500;
    const delays = this.options.retryDelaysMs ?? NOTIFICATION_RETRY_DELAYS_MS;
    if (!retryable || attempt > delays.length) return false;
    await this.timers.sleep(delays[attempt - 1]);
    return this.attempt(body, url, secret, attempt + 1);
  }

  private bodyOf({ type, subscription, subscriber, reason }: StatusChange): NotificationBody {
    return {
      notification_type: type,
      timestamp: formatRfc3339(this.timers.clock.now()),
      subscription_id: subscription.id,
      subscriber_id: subscriber.id,
      destination: destinationOf(subscription),
      events: [...subscription.events],
      ...(reason !== undefined ? { reason } : {}),
      subject: subscriber.subject,
    };
  }
}

/** "HTTPS URL or Pub/Sub topic identifier"; the Pub/Sub form `projects/<p>/topics/<t>` and Kafka's topic are assumptions. */
function destinationOf(sub: StoredSubscription): string {
  const c = sub.config;
  if (sub.type === DestinationType.HTTPS) return String(c.url);
  if (sub.type === DestinationType.PUBSUB) return `projects/${String(c.project_id)}/topics/${String(c.topic_id)}`;
  return String(c.topic);
}
