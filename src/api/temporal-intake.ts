/** The {@link EventIntake} over Temporal: one signal-with-start per event, all within a short deadline. */
import {
  type Client,
  type ConnectionLike,
  type ConnectionOptions,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
} from '@temporalio/client';
import { signalEntity } from '../signal-entity';
import type { EntityEvent } from '../workflows/definitions';
import type { ProductSyncOptions } from '../workflows/product-sync';
import { type EventIntake, IntakeUnavailableError, type SubmitOptions } from './ports';

/** Workflow type name of the entity workflow (started by name so the API never loads workflow code). */
export { PRODUCT_SYNC_WORKFLOW } from '../signal-entity';

/** Default time Temporal gets to persist a request's events: Akeneo's legacy sender waits 0.5 s in all. */
export const DEFAULT_INTAKE_DEADLINE_MS = 400;

/** Longest back-off between two gRPC retries on the API's connection (before a ±20 % jitter). */
export const API_GRPC_MAX_RETRY_DELAY_MS = 100;

/**
 * gRPC interceptors for the API's connection: the SDK's retry interceptor with back-offs short enough for
 * webhook deadlines. Its timers ignore deadlines and cancellation, so a retry can fire up to
 * 1.2 × {@link API_GRPC_MAX_RETRY_DELAY_MS} after its request failed: wait that long before closing the connection.
 */
export function apiGrpcInterceptors(): NonNullable<ConnectionOptions['interceptors']> {
  const options = { maxAttempts: 4, initialIntervalMs: () => 50, maxIntervalMs: () => API_GRPC_MAX_RETRY_DELAY_MS };
  return [makeGrpcRetryInterceptor(defaultGrpcRetryOptions(options))];
}

/** Thrown by {@link withTemporalDeadline} when the local timer fires first. */
export class DeadlineExceededError extends Error {
  constructor(ms: number) {
    super(`Temporal did not answer within ${ms} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Runs `fn` with a gRPC deadline and cancellation `ms` from now. A local timer also rejects at `ms`,
 * because the SDK's retry back-off on an unreachable server can outlast the gRPC deadline.
 */
export async function withTemporalDeadline<T>(connection: ConnectionLike, ms: number, fn: () => Promise<T>): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new DeadlineExceededError(ms));
    }, ms);
  });
  const call = connection.withAbortSignal(abort.signal, () => connection.withDeadline(Date.now() + ms, fn));
  try {
    return await Promise.race([call, expired]);
  } finally {
    // A late rejection of the losing promise is already handled by Promise.race's subscription.
    clearTimeout(timer);
  }
}

/** Options of {@link TemporalIntake}. */
export interface TemporalIntakeOptions {
  taskQueue: string;
  /** Milliseconds Temporal gets to persist all events of one call (default 400). */
  deadlineMs?: number;
  /** Options given to entity workflows this intake starts (tests lower the thresholds). */
  workflowOptions?: ProductSyncOptions;
}

/** Signals each event to its entity workflow, starting the workflow when it is not running. */
export class TemporalIntake implements EventIntake {
  private readonly deadlineMs: number;

  constructor(
    private readonly client: Client,
    private readonly options: TemporalIntakeOptions,
  ) {
    this.deadlineMs = options.deadlineMs ?? DEFAULT_INTAKE_DEADLINE_MS;
  }

  /** Resolves once the server has persisted every signal; otherwise throws {@link IntakeUnavailableError}. */
  async submit(events: EntityEvent[], options: SubmitOptions = {}): Promise<void> {
    if (events.length === 0) return;
    try {
      await withTemporalDeadline(this.client.connection, options.deadlineMs ?? this.deadlineMs, () =>
        Promise.all(events.map((event) => signalEntity(this.client, this.options.taskQueue, event, this.options.workflowOptions))),
      );
    } catch (err) {
      throw new IntakeUnavailableError(`Temporal did not take ${events.length} event(s)`, { cause: err });
    }
  }

}
