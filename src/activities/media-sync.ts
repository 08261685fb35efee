/**
 * The media files of entity syncs, per worker process: codes known at the third party are remembered (a bounded
 * LRU: media codes are immutable, so once there, always there), and concurrent syncs needing the same file share
 * one transfer. Knows nothing about Temporal.
 */
import { InvalidEntityIdError } from '../domain/entity-code';
import { transferMedia, type MediaTransferDeps, type MediaTransferOutcome } from './media-transfer';

/** Default most codes remembered (present or over the limit): about 10 MB of strings. */
export const MEDIA_KNOWN_CODES = 100_000;

interface InFlight {
  outcome: Promise<MediaTransferOutcome>;
  waiters: number;
  abort: AbortController;
}

/** Makes sure media files are at the third party before the entities that use them are written. */
export class MediaSync {
  private readonly known = new Map<string, 'present' | 'skipped'>();
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    private readonly deps: MediaTransferDeps,
    private readonly maxKnown = MEDIA_KNOWN_CODES,
  ) {}

  /** Brings every code to the third party (at once); resolves with the codes not transferred (over the limit or gone from the PIM). */
  async ensure(codes: readonly string[], signal?: AbortSignal): Promise<string[]> {
    const outcomes = await Promise.all(codes.map((code) => this.ensureOne(code, signal)));
    return codes.filter((_, i) => outcomes[i] !== 'present');
  }

  private async ensureOne(code: string, signal?: AbortSignal): Promise<MediaTransferOutcome> {
    const known = this.known.get(code);
    if (known) {
      this.remember(code, known); // most recently used
      return known;
    }
    const flight = this.inFlight.get(code) ?? this.start(code);
    flight.waiters++;
    try {
      return await untilAborted(flight.outcome, signal);
    } finally {
      // The last waiter gone cancels the transfer: nobody is left to use it.
      if (--flight.waiters === 0) flight.abort.abort(signal?.reason);
    }
  }

  private start(code: string): InFlight {
    const abort = new AbortController();
    const outcome = transferMedia(this.deps, code, abort.signal).then(
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
    const flight: InFlight = { outcome, waiters: 0, abort };
    this.inFlight.set(code, flight);
    const forget = (): void => {
      this.inFlight.delete(code);
    };
    outcome.then(forget, forget);
    return flight;
  }

  private remember(code: string, outcome: 'present' | 'skipped'): void {
    this.known.delete(code);
    this.known.set(code, outcome);
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
