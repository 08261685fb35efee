/** The status metrics of an Event Platform subscription, set from workflow code through the SDK's meter. */
import type { MetricMeter } from '@temporalio/common';
import { MetricName } from '../metrics/names';
import type { ReportedStatus, SubscriptionState } from './event-platform-subscription-state';

/**
 * Sets `akeneo_sync_event_platform_subscription{subscription_id, status}` to when the subscription last
 * entered each status it has been in, and its heartbeat gauge to `nowMs` (both epoch seconds). The SDK
 * drops metrics of replayed code, so the workflow calls this again on a heartbeat: a worker that takes the
 * workflow over exports them too, and a workflow that is gone stops refreshing its heartbeat.
 */
export function recordSubscriptionStatus(meter: MetricMeter, state: SubscriptionState, nowMs: number): void {
  const subscription_id = state.subscriptionId;
  const entered = meter.createGauge(MetricName.EVENT_PLATFORM_SUBSCRIPTION, 'int', 's', 'When the Event Platform subscription last entered each status (epoch s)');
  for (const [status, at] of Object.entries(state.enteredAt) as Array<[ReportedStatus, string]>) {
    entered.set(Math.floor(Date.parse(at) / 1000), { subscription_id, status });
  }
  const heartbeat = meter.createGauge(MetricName.EVENT_PLATFORM_SUBSCRIPTION_HEARTBEAT, 'int', 's', 'When the subscription workflow last reported (epoch s)');
  heartbeat.set(Math.floor(nowMs / 1000), { subscription_id });
}
