/** Figures of the mass-edit benchmark, and how one run's API and raw sides combine into the goals' ratios. */
import { round } from './util';

/** The API side of one run: the legacy sender against the API process, the worker syncing. */
export interface MassEditApiSide {
  /** Answers by HTTP status, as the sender saw them; `0`: no answer within its timeout (or a connection failure). */
  answers: Record<string, number>;
  /** Requests the sender gave up on after its 0.5 s. */
  senderTimeouts: number;
  /** The sender's timing of the requests it saw answered 200. */
  clientAck: { count: number; p50Ms: number; p99Ms: number };
  /**
   * The API's own ack histogram for answers 200 (`akeneo_sync_ack_seconds{route="events-api",status="200"}`): it
   * also holds 200s that came after the sender's timeout. p99 interpolated within its bucket.
   */
  apiAck: { count: number; p99Ms: number; beyondLastBucket: boolean };
  /** The requests the API answered 200, timed by the sender (see {@link ackOfAnswers200}). */
  ack200: Ack200;
  /** `akeneo_sync_events_received_total{route="events-api"}` by outcome. */
  eventsByOutcome: Record<string, number>;
  /** Outcomes `accepted` + `accepted_late`. */
  eventsTaken: number;
  /** Entity workflows of the run's task queue, counted by visibility (a cross-check); null when the count failed. */
  entityWorkflows: number | null;
  /** Products at the third party when the wait ended. */
  reached: number;
  arrivalsEndedBy: 'all' | 'quiet' | 'deadline';
  /** REST requests the simulated PIM received during the run. */
  pimRequests: number;
  /** Seconds: the sender's whole burst; until the last product arrived; the run until the wait ended. */
  sendS: number;
  syncS: number;
  wallS: number;
}

/** The raw side: the same load signalled straight to Temporal (bench/raw-burst.ts), the worker running. */
export interface MassEditRawSide {
  /** Events whose `signalWithStart` resolved, within the sender's 0.5 s or after. */
  taken: number;
  failed: number;
  unsettled: number;
  /** Requests whose signals had not all resolved within 0.5 s. */
  timeouts: number;
  /** p99 of the requests whose signals all succeeded within 0.5 s; null when none did. */
  p99Ms: number | null;
  sendS: number;
  settleS: number;
}

/** One run: `concurrency` senders, a fresh product set on each side. */
export interface MassEditRunFigures {
  concurrency: number;
  products: number;
  requests: number;
  api: MassEditApiSide;
  raw: MassEditRawSide;
  /** api.reached / products (goal ≥ 0.99). */
  reachedShare: number;
  /** api.eventsTaken / raw.taken (goal ≥ 0.9); null when raw took nothing. */
  takenRatio: number | null;
  /** p99 of the requests answered 200, by the sender's clock (goal < 500 ms); null when none was answered 200. */
  ackP99Ms: number | null;
  /** The p99 lies among the answers 200 that came after the sender's timeout: {@link ackP99Ms} is a lower bound. */
  ackP99AtLeast: boolean;
  /** api.pimRequests / api.reached (goal ≤ 0.05); null when nothing reached the third party. */
  pimCallsPerProduct: number | null;
}

/** Figures of the mass-edit benchmark. */
export interface MassEditFigures {
  products: number;
  eventsPerRequest: number;
  senderTimeoutMs: number;
  runs: MassEditRunFigures[];
}

/** The sender's view of the requests the API answered 200. */
export interface Ack200 {
  /** Requests the API answered 200 (its ack histogram's count). */
  answered: number;
  /** Of those, answers that reached the sender only after its timeout (it had given up): the API's count minus the sender's. */
  lateForSender: number;
  /** p99 over all {@link answered}, a late one counting as the timeout; null when none. */
  p99Ms: number | null;
  /** The p99 is a late answer: {@link p99Ms} is the timeout, a lower bound. */
  atLeast: boolean;
}

/**
 * The p99 of the requests the API answered 200, by the sender's clock: the sender timed the 200s it saw
 * (`senderMs`); the others of the API's `answered` came after its timeout, so they count as at least `timeoutMs`.
 */
export function ackOfAnswers200(senderMs: readonly number[], answered: number, timeoutMs: number): Ack200 {
  const total = Math.max(answered, senderMs.length);
  const lateForSender = total - senderMs.length;
  if (total === 0) return { answered: 0, lateForSender: 0, p99Ms: null, atLeast: false };
  const rank = Math.ceil(0.99 * total);
  const sorted = [...senderMs].sort((a, b) => a - b);
  if (rank > sorted.length) return { answered: total, lateForSender, p99Ms: timeoutMs, atLeast: true };
  return { answered: total, lateForSender, p99Ms: round(sorted[rank - 1]), atLeast: false };
}

/** Combines the two sides of one run into its ratios. */
export function massEditRun(concurrency: number, products: number, requests: number, api: MassEditApiSide, raw: MassEditRawSide): MassEditRunFigures {
  return {
    concurrency,
    products,
    requests,
    api,
    raw,
    reachedShare: round(api.reached / products, 3),
    takenRatio: raw.taken > 0 ? round(api.eventsTaken / raw.taken, 2) : null,
    ackP99Ms: api.ack200.p99Ms,
    ackP99AtLeast: api.ack200.atLeast,
    pimCallsPerProduct: api.reached > 0 ? round(api.pimRequests / api.reached, 3) : null,
  };
}
