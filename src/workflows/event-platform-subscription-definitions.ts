/**
 * Signal, query and payload types of the Event Platform subscription workflow. Shared by the API (which
 * signals it by name), the workflow and the ops tools, so it imports nothing but the workflow API and
 * plain types.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SubscriptionNotification } from '../domain/subscription-notification';
import type { SubscriptionState, SubscriptionView } from './event-platform-subscription-state';

export { NotificationType, type SubscriptionNotification } from '../domain/subscription-notification';
export type { SubscriptionHistoryEntry, SubscriptionState, SubscriptionView } from './event-platform-subscription-state';

/** Type name of the subscription workflow, for clients that start it by name. */
export const EVENT_PLATFORM_SUBSCRIPTION_WORKFLOW = 'eventPlatformSubscriptionWorkflow';

/** Delivers one verified notification. Wire name `subscriptionNotification`. */
export const subscriptionNotificationSignal = defineSignal<[SubscriptionNotification]>('subscriptionNotification');

/** The subscription's status, when it stopped delivering, its reconciles and its bounded history. Wire name `subscriptionStatus`. */
export const subscriptionStatusQuery = defineQuery<SubscriptionView>('subscriptionStatus');

/** Default history length at which the workflow continues as new (a heartbeat adds about 5 events). */
export const SUBSCRIPTION_MAX_HISTORY_LENGTH = 1000;
/** Default interval at which the status metrics are set again (the alert's `for` and staleness allow for it). */
export const SUBSCRIPTION_HEARTBEAT_MS = 5 * 60_000;

/** Tunables, mainly for tests. */
export interface SubscriptionWorkflowOptions {
  /** Continue-as-new once history has this many events (the server's suggestion applies too). */
  maxHistoryLength?: number;
  /** The status metric is set again this often, so a restarted worker exports it again (ms). */
  heartbeatMs?: number;
}

/** Input of the subscription workflow; `state` is set when continuing as new. */
export interface SubscriptionWorkflowInput {
  subscriptionId: string;
  state?: SubscriptionState;
  options?: SubscriptionWorkflowOptions;
}
