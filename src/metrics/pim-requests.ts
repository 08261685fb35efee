/**
 * The worker's count of PIM requests by operation ({@link MetricName.PIM_REQUESTS}), recorded on the SDK
 * Runtime's meter so it is served by the worker's Prometheus endpoint next to `akeneo_sync_syncs`.
 */
import type { MetricCounter, MetricMeter } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import { MetricName, type PimOperation } from './names';

/**
 * A PIM client's `onRequest` that counts each request on `meter` (default: the Runtime's). The counter is
 * made at the first request, so the Runtime is the one the process installed before any worker started.
 */
export function countPimRequests(meter: () => MetricMeter = () => Runtime.instance().metricMeter): (operation: PimOperation) => void {
  let counter: MetricCounter | undefined;
  return (operation) => {
    counter ??= meter().createCounter(MetricName.PIM_REQUESTS, 'requests', 'HTTP requests sent to the PIM, by operation');
    counter.add(1, { operation });
  };
}
