/**
 * Activity options the workflows pass to `proxyActivities`. Imported by workflow code, so it imports only
 * workflow-safe modules; the workflow adds `taskQueue`.
 */
import type { ActivityOptions, RetryPolicy } from '@temporalio/workflow';
import { NON_RETRYABLE_FAILURE_TYPES } from '../failures';

/**
 * Retry policy shared by the PIM and destination activities. `maximumInterval` is also the longest
 * `Retry-After` honoured: the server caps `nextRetryDelay` at it.
 */
export const ACTIVITY_RETRY_POLICY: RetryPolicy = {
  initialInterval: '500ms',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
  nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
};

/** Options of the PIM activities (`fetchEntity`). One attempt may include a token request and a 401 replay. */
export const PIM_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '1 hour',
  retry: ACTIVITY_RETRY_POLICY,
};

/**
 * Options of `syncEntity` (PIM task queue). One attempt reads the entity, waiting for its batch and for the
 * client's token and slot (a few seconds when hundreds of syncs are due at once), brings its media files to the
 * third party, and writes it. Start-to-close, 8 minutes: 2 for the read and the write (a slow request of each kind,
 * 10 s timeouts, and those waits; all an attempt had before media files), 1 for a file's `HEAD`, metadata and
 * download headers (10 s each, after the same waits), and 5 for its bytes: the clients give a download and an
 * upload 5 minutes each (`PIM_MEDIA_TIMEOUT_MS`, `MEDIA_TRANSFER_TIMEOUT_MS`), so a file of `MEDIA_MAX_BYTES`
 * (50 MB by default) arrives at ≥ 167 kB/s (1.3 Mbit/s), a rate any link between two servers keeps; a product's
 * files move at once, so several take no longer. The heartbeat timeout, 1 minute as the other heartbeating PIM
 * activities: the activity beats every second, during a transfer only when bytes moved (see
 * src/activities/activity-liveness.ts), so a stalled transfer fails its attempt within a minute and is retried.
 */
export const SYNC_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '8 minutes',
  heartbeatTimeout: '1 minute',
  scheduleToCloseTimeout: '1 hour',
  retry: ACTIVITY_RETRY_POLICY,
};

/** Options of the destination activities (`writeEntity`, `deleteEntity`). */
export const DESTINATION_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '1 hour',
  retry: ACTIVITY_RETRY_POLICY,
};

/**
 * Options of the reconcile activities that make several PIM requests (`listPimPages`, `findMissingInPim`):
 * they heartbeat after each request or chunk, resume from it on a retry, and may wait for their own pacing.
 */
export const PIM_BATCH_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  scheduleToCloseTimeout: '1 hour',
  retry: ACTIVITY_RETRY_POLICY,
};

/** Options of the activities that signal entity workflows (`signalEntities`): heartbeating, resumable. */
export const SIGNAL_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1 minute' },
};
