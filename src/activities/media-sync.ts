/**
 * The media files of entity syncs, per worker process: codes known at the third party are remembered (a bounded
 * LRU whose entries expire, see `MEDIA_KNOWN_TTL`), and concurrent syncs needing the same file share one
 * transfer, each told of its progress. Knows nothing about Temporal.
 */
import { InvalidEntityIdError } from '../domain/entity-code';
import { DEFAULT_MEDIA_KNOWN_TTL_MS } from '../domain/limits';
import { MediaStalledError, transferMedia, type MediaTransferDeps, type MediaTransferOutcome } from './media-transfer';

/** Default most codes remembered (present or over the limit): about 10 MB of strings. */
export const MEDIA_KNOWN_CODES = 100_000;

/** Tunables of {@link MediaSync}. */
export interface MediaSyncOptions {
  /** Most codes remembered (default {@link MEDIA_KNOWN_CODES}). */
  maxKnown?: number;
  /** How long a code is remembered, in milliseconds (default `MEDIA_KNOWN_TTL`). */
  knownTtlMs?: number;
  /** Clock (default `Date.now`). */
  now?: () => number;
}

/** What {@link MediaSync.ensure} takes besides the codes. */
export interface EnsureOptions {
  signal?: AbortSignal;
  /** Called at each step of the transfers it waits for (each request answered, each chunk of bytes). */
  onProgress?: () => void;
  /**
   * A transfer in flight without progress for this long is not joined but aborted and started anew: the attempt
   * that waited on it was failed by its heartbeat timeout, and this is its retry.
   */
  stalledAfterMs?: number;
}

interface InFlight {
  outcome: Promise<MediaTransferOutcome>;
  waiters: number;
  abort: AbortController;
  listeners: Set<() => void>;
  lastProgress: number;
}

interface Known {
  outcome: 'present' | 'skipped';
  at: number;
}

/** Makes sure media files are at the third party before the entities that use them are written. */
export class MediaSync {
  private readonly known = new Map<string, Known>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly maxKnown: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly deps: MediaTransferDeps,
    options: MediaSyncOptions = {},
  ) {
    this.maxKnown = options.maxKnown ?? MEDIA_KNOWN_CODES;
    this.ttlMs = options.knownTtlMs ?? DEFAULT_MEDIA_KNOWN_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** Brings every code to the third party (at once); resolves with the codes not transferred (over the limit or gone from the PIM). */
  async ensure(codes: readonly string[], options: EnsureOptions = {}): Promise<string[]> {
    const outcomes = await Promise.all(codes.map((code) => this.ensureOne(code, options)));
    return codes.filter((_, i) => outcomes[i] !== 'present');
  }

  private async ensureOne(code: string, { signal, onProgress, stalledAfterMs }: EnsureOptions): Promise<MediaTransferOutcome> {
    const known = this.recall(code);
    if (known) return known;
    const flight = this.joinable(code, stalledAfterMs) ?? this.start(code);
    flight.waiters++;
    if (onProgress) flight.listeners.add(onProgress);
    try {
      return await untilAborted(flight.outcome, signal);
    } finally {
      if (onProgress) flight.listeners.delete(onProgress);
      // The last waiter gone cancels the transfer: nobody is left to use it. A stall is the transfer's, not the waiter's.
      if (--flight.waiters === 0 || signal?.reason instanceof MediaStalledError) flight.abort.abort(signal?.reason);
    }
  }

  /** The transfer of `code` in flight, unless it has not moved for `stalledAfterMs` (then it is aborted). */
  private joinable(code: string, stalledAfterMs: number | undefined): InFlight | undefined {
    const flight = this.inFlight.get(code);
    if (!flight || stalledAfterMs === undefined) return flight;
    const stalledMs = this.now() - flight.lastProgress;
    if (stalledMs < stalledAfterMs) return flight;
    flight.abort.abort(new MediaStalledError(code, stalledMs));
    this.inFlight.delete(code);
    return undefined;
  }

  /** The remembered outcome of `code`, made most recently used; `undefined` when unknown or expired. */
  private recall(code: string): 'present' | 'skipped' | undefined {
    const known = this.known.get(code);
    if (!known) return undefined;
    this.known.delete(code);
    if (this.now() - known.at >= this.ttlMs) return undefined;
    this.known.set(code, known);
    return known.outcome;
  }

  private start(code: string): InFlight {
    const abort = new AbortController();
    const listeners = new Set<() => void>();
    const progress = (): void => {
      flight.lastProgress = this.now();
      listeners.forEach((l) => l());
    };
    const outcome = transferMedia(this.deps, code, abort.signal, progress).then(
      (o) => {
        if (o !== 'missing') this.remember(code, o);
        return o;
      },
      (err: unknown) => {
        // A code no request may carry can never be transferred: like a file gone from the PIM, not a failed sync.
        if (err instanceof InvalidEntityIdError) return 'missing' as const;
        throw err;
      },
    );
    const flight: InFlight = { outcome, waiters: 0, abort, listeners, lastProgress: this.now() };
    this.inFlight.set(code, flight);
    const forget = (): void => {
      if (this.inFlight.get(code) === flight) this.inFlight.delete(code);
    };
    outcome.then(forget, forget);
    return flight;
  }

  private remember(code: string, outcome: 'present' | 'skipped'): void {
    this.known.delete(code);
    this.known.set(code, { outcome, at: this.now() });
    if (this.known.size > this.maxKnown) this.known.delete(this.known.keys().next().value as string);
  }
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
