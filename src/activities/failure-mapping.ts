/** Maps the clients' local errors to the `ApplicationFailure`s that drive the retry policy. */
import { ApplicationFailure } from '@temporalio/activity';
import { PimHttpError, PimNetworkError } from '../akeneo/rest-client';
import { DestinationHttpError, DestinationNetworkError } from '../destination/http-destination';
import { FailureType } from '../failures';

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

/** Converts a PIM client error to an `ApplicationFailure`; anything else (e.g. a cancellation) is returned as is. */
export function toPimFailure(err: unknown): unknown {
  if (err instanceof PimHttpError) return httpFailure(PIM, err, err.status, err.retryAfterSeconds);
  if (err instanceof PimNetworkError) return networkFailure(PIM, err);
  return err;
}

/** Converts a destination error to an `ApplicationFailure`; anything else (e.g. a cancellation) is returned as is. */
export function toDestinationFailure(err: unknown): unknown {
  if (err instanceof DestinationHttpError) return httpFailure(DESTINATION, err, err.status, err.retryAfterSeconds);
  if (err instanceof DestinationNetworkError) return networkFailure(DESTINATION, err);
  return err;
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
