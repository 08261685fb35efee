/** What the API's own metrics (`GET /metrics`) say of one run: events it took, and how fast it answered. */
import { EventOutcome, MetricName } from '../src/metrics/names';
import { sumSamples, type PromSample } from '../src/metrics/prom-text';

/**
 * Outcomes of `akeneo_sync_events_received_total` that mean the event was durably handed to Temporal: `accepted`
 * (answered 200), and `accepted_late` (signalled after the answer went out: issue 15). An API without the latter
 * simply has no such samples.
 */
export const TAKEN_OUTCOMES = [EventOutcome.ACCEPTED, 'accepted_late'] as const;

/** Events of one route by outcome, summed over event types. */
export function eventsByOutcome(samples: readonly PromSample[], route: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== MetricName.EVENTS_RECEIVED || s.labels.route !== route) continue;
    out[s.labels.outcome] = (out[s.labels.outcome] ?? 0) + s.value;
  }
  return out;
}

/** Events of `route` the API durably took (see {@link TAKEN_OUTCOMES}). */
export function eventsTaken(byOutcome: Readonly<Record<string, number>>): number {
  return TAKEN_OUTCOMES.reduce((n, o) => n + (byOutcome[o] ?? 0), 0);
}

/** A quantile read from a Prometheus histogram. */
export interface HistogramQuantile {
  /** Observations in the histogram. */
  count: number;
  /** The quantile in ms, interpolated within its bucket as `histogram_quantile` does; NaN when empty. */
  ms: number;
  /** The quantile lies past the last finite bucket: `ms` is that bucket's bound, a lower bound. */
  beyondLastBucket: boolean;
}

/** The `q` quantile (0–1) of the ack histogram of `route` for answers with `status`. */
export function ackQuantile(samples: readonly PromSample[], route: string, status: string, q: number): HistogramQuantile {
  const name = `${MetricName.ACK_SECONDS}_bucket`;
  const buckets = samples
    .filter((s) => s.name === name && s.labels.route === route && s.labels.status === status)
    .map((s) => ({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), count: s.value }))
    .sort((a, b) => a.le - b.le);
  const count = sumSamples(samples, `${MetricName.ACK_SECONDS}_count`, { route, status });
  if (count === 0 || buckets.length === 0) return { count, ms: NaN, beyondLastBucket: false };
  const rank = q * count;
  let lower = { le: 0, count: 0 };
  for (const b of buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return { count, ms: lower.le * 1000, beyondLastBucket: true };
      const share = b.count === lower.count ? 1 : (rank - lower.count) / (b.count - lower.count);
      return { count, ms: (lower.le + (b.le - lower.le) * share) * 1000, beyondLastBucket: false };
    }
    lower = b;
  }
  return { count, ms: lower.le * 1000, beyondLastBucket: true };
}
