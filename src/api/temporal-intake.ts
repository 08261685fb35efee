/**
 * The {@link EventIntake} over Temporal: one signal-with-start per event, at most {@link TEMPORAL_CALLS_IN_FLIGHT}
 * at once in first-come order, each within its own deadline.
 */
import {
  type Client,
  type ConnectionLike,
  type ConnectionOptions,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
} from '@temporalio/client';
import { Semaphore } from '../semaphore';
import { signalEntity } from '../signal-entity';
import type { EntityEvent } from '../workflows/definitions';
import type { ProductSyncOptions } from '../workflows/product-sync';
import { type EventIntake, IntakeUnavailableError, type SubmitOptions } from './ports';

/** Workflow type name of the entity workflow (started by name so the API never loads workflow code). */
export { PRODUCT_SYNC_WORKFLOW } from '../signal-entity';

/** The reference deadline of the intake's latency targets: a little under Akeneo's legacy 0.5 s (see `intake-gate`). */
export const DEFAULT_INTAKE_DEADLINE_MS = 400;

/**
 * Default time Temporal gets to answer one signal-with-start. It is not the webhook's answer deadline: a route
 * answers within its own budget, and a hand-over still running then goes on to this deadline (late, but kept).
 */
export const HANDOVER_DEADLINE_MS = 10_000;

/**
 * Signal-with-start calls in flight at once per API process; the rest wait their turn, first come first served.
 * Under a burst, calls fired all at once slow each other down alike, so every request misses its answer
 * deadline together; in order, the earliest requests still finish in time.
 */
export const TEMPORAL_CALLS_IN_FLIGHT = 100;

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
  /** Milliseconds Temporal gets to answer each signal (default {@link HANDOVER_DEADLINE_MS}). */
  deadlineMs?: number;
  /** Signal calls in flight at once (default {@link TEMPORAL_CALLS_IN_FLIGHT}). */
  callsInFlight?: number;
  /** Options given to entity workflows this intake starts (tests lower the thresholds). */
  workflowOptions?: ProductSyncOptions;
}

/** Signals each event to its entity workflow, starting the workflow when it is not running. */
export class TemporalIntake implements EventIntake {
  private readonly deadlineMs: number;
  private readonly calls: Semaphore;
  private readonly handOvers = new Set<Promise<unknown>>();

  constructor(
    private readonly client: Client,
    private readonly options: TemporalIntakeOptions,
  ) {
    this.deadlineMs = options.deadlineMs ?? HANDOVER_DEADLINE_MS;
    this.calls = new Semaphore(options.callsInFlight ?? TEMPORAL_CALLS_IN_FLIGHT);
  }

  /** Resolves once the server has persisted every signal; otherwise throws {@link IntakeUnavailableError}. */
  async submit(events: EntityEvent[], options: SubmitOptions = {}): Promise<void> {
    if (events.length === 0) return;
    const handOver = this.handOver(events, options);
    this.handOvers.add(handOver);
    try {
      await handOver;
    } finally {
      this.handOvers.delete(handOver);
    }
  }

  /**
   * Resolves once every hand-over running now has settled, late ones included (their webhooks may have been
   * answered already): the API waits for it on shutdown before closing its Temporal connection.
   */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.handOvers]);
  }

  private async handOver(events: EntityEvent[], options: SubmitOptions): Promise<void> {
    const ms = options.deadlineMs ?? this.deadlineMs;
    const signal = (event: EntityEvent) => () =>
      withTemporalDeadline(this.client.connection, ms, () => signalEntity(this.client, this.options.taskQueue, event, this.options.workflowOptions));
    // allSettled: the request fails as a whole, but only once none of its calls still holds a slot.
    const results = await Promise.allSettled(events.map((event) => this.calls.run(signal(event))));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw new IntakeUnavailableError(`Temporal did not take ${events.length} event(s)`, { cause: failed.reason });
  }
}
