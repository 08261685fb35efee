/** Maps the clients' local errors to the `ApplicationFailure`s that drive the retry policy. */
import { ApplicationFailure, asyncLocalStorage } from '@temporalio/activity';
import { PimHttpError, PimNetworkError } from '../akeneo/rest-client';
import { DestinationHttpError, DestinationNetworkError } from '../destination/http-destination';
import { DestinationDatabaseError } from '../destination/postgres-destination';
import { InvalidEntityIdError } from '../domain/entity-code';
import { FailureType } from '../failures';
import { MetricName } from '../metrics/names';

/** Wait used when a 429 carries no usable `Retry-After`. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

interface Vocabulary {
  label: string;
  rateLimited: FailureType;
  unavailable: FailureType;
  rejected: FailureType;
}

const PIM: Vocabulary = {
  label: 'PIM',
  rateLimited: FailureType.PIM_RATE_LIMITED,
  unavailable: FailureType.PIM_UNAVAILABLE,
  rejected: FailureType.PIM_REJECTED,
};

const DESTINATION: Vocabulary = {
  label: 'destination',
  rateLimited: FailureType.DESTINATION_RATE_LIMITED,
  unavailable: FailureType.DESTINATION_UNAVAILABLE,
  rejected: FailureType.DESTINATION_REJECTED,
};

/** Counts a PIM 429 on the activity's meter (the worker's Prometheus endpoint); outside an activity there is none. */
function countPimRateLimited(): void {
  // `Context.current()` without its throw: the mapping is also used (and unit-tested) outside activities.
  const meter = asyncLocalStorage.getStore()?.metricMeter;
  meter?.createCounter(MetricName.PIM_RATE_LIMITED, undefined, 'PIM answers 429, retried after Retry-After').add(1);
}

/** Converts a PIM client error to an `ApplicationFailure` (counting 429s); anything else (e.g. a cancellation) is returned as is. */
export function toPimFailure(err: unknown): unknown {
  if (err instanceof PimHttpError) {
    if (err.status === 429) countPimRateLimited();
    return httpFailure(PIM, err, err.status, err.retryAfterSeconds);
  }
  if (err instanceof PimNetworkError) return networkFailure(PIM, err);
  if (err instanceof InvalidEntityIdError) return refusedFailure(PIM, err);
  return err;
}

/**
 * Converts a destination error to an `ApplicationFailure`; anything else (e.g. a cancellation) is returned as is.
 * A 409 or 412 never gets here: the destination returns it as a `superseded` write, not an error.
 */
export function toDestinationFailure(err: unknown): unknown {
  if (err instanceof DestinationHttpError) return httpFailure(DESTINATION, err, err.status, err.retryAfterSeconds);
  if (err instanceof DestinationNetworkError) return networkFailure(DESTINATION, err);
  if (err instanceof DestinationDatabaseError) return databaseFailure(err);
  if (err instanceof InvalidEntityIdError) return refusedFailure(DESTINATION, err);
  return err;
}

/** An id that no request may carry (see `pathSegment`): nothing was sent, and no retry can change that. */
function refusedFailure(v: Vocabulary, cause: InvalidEntityIdError): ApplicationFailure {
  return ApplicationFailure.create({ type: v.rejected, message: `nothing sent to the ${v.label}, not retried: ${cause.message}`, nonRetryable: true, cause });
}

function databaseFailure(cause: DestinationDatabaseError): ApplicationFailure {
  if (cause.retryable) return networkFailure(DESTINATION, cause);
  return ApplicationFailure.create({
    type: DESTINATION.rejected,
    message: `destination database rejected the write, not retried: ${cause.message}`,
    nonRetryable: true,
    cause,
  });
}

function httpFailure(v: Vocabulary, cause: Error, status: number, retryAfterSeconds?: number): ApplicationFailure {
  if (status === 429) {
    // Temporal caps nextRetryDelay at the policy's maximumInterval; 0 would mean "use the backoff".
    const seconds = Math.max(retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS, 1);
    return ApplicationFailure.create({
      type: v.rateLimited,
      message: `${cause.message}; retrying in ${seconds}s`,
      nextRetryDelay: `${seconds}s`,
      cause,
    });
  }
  if (status === 408 || status >= 500) {
    return ApplicationFailure.create({ type: v.unavailable, message: `${cause.message}; retrying with backoff`, cause });
  }
  return ApplicationFailure.create({
    type: v.rejected,
    message: `${v.label} rejected the request with HTTP ${status}, not retried: ${cause.message}`,
    nonRetryable: true,
    cause,
  });
}

function networkFailure(v: Vocabulary, cause: Error): ApplicationFailure {
  return ApplicationFailure.create({ type: v.unavailable, message: `${v.label} unreachable: ${cause.message}`, cause });
}
