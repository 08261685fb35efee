/** Records, counters and options of the Event Platform simulator's HTTPS delivery engine. */
import type { AdaptiveRateOptions } from './adaptive-rate';

/**
 * Delays of the three retries of a transient failure, virtual milliseconds: 5, 10 and 20 minutes "after the previous
 * attempt", then the event is dropped (https://api.akeneo.com/event-platform/key-platform-behaviors.html, "Retry policy").
 */
export const DELIVERY_RETRY_DELAYS_MS: readonly number[] = [300_000, 600_000, 1_200_000];

/** "Your endpoint is expected to handle requests within 5 seconds" (key-platform-behaviors.html, "Delivery timeout"). */
export const DELIVERY_TIMEOUT_MS = 5000;

/** A 429'd event undelivered for longer than this starts to count as a failure (key-platform-behaviors.html). */
export const THROTTLED_GRACE_MS = 3_600_000;

/** Reasons given when the platform suspends (the threshold one is the example of notification-webhooks.html). */
export const SuspensionReason = {
  NOT_FOUND: 'Destination answered 404 Not Found',
  REDIRECT: 'Destination answered a redirection (3xx), which is not supported',
  THRESHOLD: 'Success rate dropped below 90%',
} as const;

/** What became of one POST. */
export const DeliveryOutcome = {
  /** 2xx: delivered. */
  DELIVERED: 'delivered',
  /** 429 within the grace hour: sent again at the (lowered) rate. */
  THROTTLED: 'throttled',
  /** Transient failure: a retry is scheduled. */
  RETRY_SCHEDULED: 'retry-scheduled',
  /** Given up: the third retry failed, or a non-transient 4xx. */
  DROPPED: 'dropped',
  /** 404 or 3xx: the subscription is suspended at once and the event is lost. */
  SUSPENDED: 'suspended',
  /** Failed while its subscription was no longer active: lost, not retried. */
  LOST: 'lost',
} as const;
export type DeliveryOutcome = (typeof DeliveryOutcome)[keyof typeof DeliveryOutcome];

/** One POST of one event to one subscription. */
export interface DeliveryRecord {
  subscriptionId: string;
  eventId: string;
  type: string;
  /** 1 for the first attempt, 2 to 4 for the retries (a throttled re-send keeps its number). */
  attempt: number;
  /** HTTP status, or 0 when no answer came. */
  status: number;
  error?: 'timeout' | 'network';
  /** Real milliseconds until the answer. */
  ms: number;
  /** Virtual time of the send, epoch milliseconds. */
  at: number;
  /** The destination's rate (events/s) when it was sent. */
  rate: number;
  outcome: DeliveryOutcome;
}

/** Counters of the delivery engine. */
export interface DeliveryCounters {
  /** Events queued for delivery (duplicates included). */
  enqueued: number;
  /** POSTs made. */
  attempts: number;
  /** POSTs answered 2xx. */
  delivered: number;
  /** Retries scheduled after a transient failure. */
  retried: number;
  /** POSTs answered 429. */
  throttled: number;
  /** Events given up (after three retries, or a non-transient 4xx). */
  dropped: number;
  /** Events produced while their subscription was suspended (never queued). */
  lostWhileSuspended: number;
  /** Events queued, waiting for a retry or failing when their subscription got suspended (the 404/3xx one included). */
  lostOnSuspension: number;
  /** Events queued or waiting when their subscription was revoked or deleted. */
  discarded: number;
  /** Suspensions by the platform (criteria or threshold). */
  systemSuspensions: number;
  /** Extra copies sent by `chaos.duplicateRate`. */
  duplicates: number;
  /** Events removed by `chaos.dropRate` (not a documented behaviour; for reconciliation tests). */
  droppedByChaos: number;
  /** Events a subscription's filter skipped. */
  filteredOut: number;
}

/** Tuning of the delivery engine; every default is the documented value, or a stated simulator choice. */
export interface DeliveryOptions {
  /** Real milliseconds before a POST times out (default {@link DELIVERY_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Virtual delays of the retries (default {@link DELIVERY_RETRY_DELAYS_MS}); their count is the number of retries. */
  retryDelaysMs?: readonly number[];
  /**
   * Fewest outcomes within the rolling hour before the 90% threshold applies (default 10). Not documented: without a
   * minimum, the very first failure (0% of 1) would suspend.
   */
  minOutcomesForThreshold?: number;
  /** Most POSTs in flight per subscription (default 100; not documented). */
  maxInFlight?: number;
  /** The adaptive rate's tuning. */
  rate?: AdaptiveRateOptions;
}
