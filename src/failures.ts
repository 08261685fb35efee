/**
 * The closed vocabulary of failure types that cross into Temporal (`ApplicationFailure.type`).
 * Used where failures are thrown and in the retry policies' `nonRetryableErrorTypes`.
 */
export const FailureType = {
  /** The PIM asked us to slow down (429); retried after `Retry-After`. */
  PIM_RATE_LIMITED: 'PimRateLimited',
  /** The PIM failed (5xx, network); retried with backoff. */
  PIM_UNAVAILABLE: 'PimUnavailable',
  /** The PIM rejected the request (4xx other than 404/429); not retried. */
  PIM_REJECTED: 'PimRejected',
  /** The third party asked us to slow down (429); retried after `Retry-After`. */
  DESTINATION_RATE_LIMITED: 'DestinationRateLimited',
  /** The third party failed (5xx, network); retried with backoff. */
  DESTINATION_UNAVAILABLE: 'DestinationUnavailable',
  /** The third party rejected the write (4xx other than 429); not retried. */
  DESTINATION_REJECTED: 'DestinationRejected',
  /** Another worker holds the PIM lease: the acquire (or release) update is rejected, nothing changes. */
  PIM_LEASE_HELD: 'PimLeaseHeld',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** Failure types that no retry can fix. */
export const NON_RETRYABLE_FAILURE_TYPES: string[] = [FailureType.PIM_REJECTED, FailureType.DESTINATION_REJECTED];
