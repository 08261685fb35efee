/** The {@link NotificationIntake} over Temporal: one signal-with-start of the subscription workflow, within a deadline. */
import type { Client } from '@temporalio/client';
import type { SubscriptionNotification } from '../domain/subscription-notification';
import { signalSubscription } from '../signal-subscription';
import type { SubscriptionWorkflowOptions } from '../workflows/event-platform-subscription-definitions';
import { IntakeUnavailableError, type NotificationIntake } from './ports';
import { withTemporalDeadline } from './temporal-intake';

/**
 * Default time Temporal gets to persist a notification. The platform waits 5 s, then retries a 5xx twice
 * (after 1 s and 2 s) before it falls back to e-mail: answer 503 well inside that.
 * Source: https://api.akeneo.com/event-platform/notification-webhooks.html ("Delivery and fallback").
 */
export const DEFAULT_NOTIFICATION_DEADLINE_MS = 2000;

/** Options of {@link TemporalNotificationIntake}. */
export interface TemporalNotificationIntakeOptions {
  taskQueue: string;
  deadlineMs?: number;
  /** Options of the subscription workflows it starts (tests). */
  workflowOptions?: SubscriptionWorkflowOptions;
}

/** Signals each notification to `event-platform-subscription-<id>`, starting it when it is not running. */
export class TemporalNotificationIntake implements NotificationIntake {
  constructor(
    private readonly client: Client,
    private readonly options: TemporalNotificationIntakeOptions,
  ) {}

  /** Resolves once the server has persisted the signal; otherwise throws {@link IntakeUnavailableError}. */
  async submit(notification: SubscriptionNotification): Promise<void> {
    const ms = this.options.deadlineMs ?? DEFAULT_NOTIFICATION_DEADLINE_MS;
    try {
      await withTemporalDeadline(this.client.connection, ms, () =>
        signalSubscription(this.client, this.options.taskQueue, notification, this.options.workflowOptions),
      );
    } catch (err) {
      throw new IntakeUnavailableError(`Temporal did not take the notification of subscription ${notification.subscriptionId}`, { cause: err });
    }
  }
}
