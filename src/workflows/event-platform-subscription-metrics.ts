/** The status metric of an Event Platform subscription, set from workflow code through the SDK's meter. */
import type { MetricMeter } from '@temporalio/common';
import { MetricName } from '../metrics/names';
import type { ReportedStatus, SubscriptionState } from './event-platform-subscription-state';

/**
 * Sets `akeneo_sync_event_platform_subscription{subscription_id, status}` to when the subscription last
 * entered each status it has been in (epoch seconds). The SDK drops metrics of replayed code, so the
 * workflow calls this again on a heartbeat: a worker that takes the workflow over exports it too.
 */
export function recordSubscriptionStatus(meter: MetricMeter, state: SubscriptionState): void {
  const gauge = meter.createGauge(MetricName.EVENT_PLATFORM_SUBSCRIPTION, 'int', 's', 'When the Event Platform subscription last entered each status (epoch s)');
  for (const [status, at] of Object.entries(state.enteredAt) as Array<[ReportedStatus, string]>) {
    gauge.set(Math.floor(Date.parse(at) / 1000), { subscription_id: state.subscriptionId, status });
  }
}
