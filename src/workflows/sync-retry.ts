/**
 * The durable back-off of a failed entity sync: the workflow waits on a timer, so the retry survives
 * worker restarts, and any new event syncs at once. Pure: no Temporal imports.
 */

/** First wait before a failed sync is retried by its workflow. */
export const RETRY_FIRST_DELAY_MS = 60_000;
/** Longest wait between two retries of a failed sync. */
export const RETRY_MAX_DELAY_MS = 4 * 3_600_000;

/** Wait before retry `attempt` (1, 2, …): a minute (`firstMs`), doubling, at most four hours. */
export function retryDelayMs(attempt: number, firstMs = RETRY_FIRST_DELAY_MS): number {
  return Math.min(firstMs * 2 ** Math.max(0, attempt - 1), RETRY_MAX_DELAY_MS);
}
