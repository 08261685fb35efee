/** How notifications reach the subscription workflows: signal-with-start by workflow name (no workflow code imported). */
import type { Client } from '@temporalio/client';
import {
  EVENT_PLATFORM_SUBSCRIPTION_WORKFLOW,
  subscriptionNotificationSignal,
  type SubscriptionNotification,
  type SubscriptionWorkflowInput,
  type SubscriptionWorkflowOptions,
} from './workflows/event-platform-subscription-definitions';
import { subscriptionWorkflowId } from './workflows/ids';

/** Signals `notification` to its subscription's workflow, starting it on `taskQueue` when it is not running. */
export async function signalSubscription(
  client: Client,
  taskQueue: string,
  notification: SubscriptionNotification,
  options?: SubscriptionWorkflowOptions,
): Promise<void> {
  const input: SubscriptionWorkflowInput = { subscriptionId: notification.subscriptionId, ...(options && { options }) };
  await client.workflow.signalWithStart(EVENT_PLATFORM_SUBSCRIPTION_WORKFLOW, {
    taskQueue,
    workflowId: subscriptionWorkflowId(notification.subscriptionId),
    args: [input],
    signal: subscriptionNotificationSignal,
    signalArgs: [notification],
    // A running workflow is signalled, never replaced.
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
