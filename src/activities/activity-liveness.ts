/**
 * The heartbeats of `syncEntity`. A ticker beats while the activity is in a step bounded by its own request
 * timeouts (reading the entity, writing it), and during media transfers only when they moved since the last tick:
 * a transfer that stalls stops the heartbeats, and the server's heartbeat timeout fails the attempt for a retry.
 * The worker would only hear of that timeout through a heartbeat, which a stalled transfer no longer sends: past the
 * same time without progress the transfer is aborted here as well, so neither side stays held until its own
 * (5-minute) body timeout. Knows nothing about Temporal but the heartbeat function it is given.
 */
import { PimNetworkError } from '../akeneo/pim-errors';

/** Longest time between two ticks: the SDK throttles heartbeats further (to 0.8 × the heartbeat timeout). */
export const LIVENESS_TICK_MS = 1_000;

/** A transfer that moved no byte (and answered no request) for the heartbeat timeout; retried like a network failure. */
export class MediaStalledError extends PimNetworkError {
  constructor(stalledMs: number) {
    super(`media transfer stalled: no progress for ${stalledMs} ms`);
    this.name = 'MediaStalledError';
  }
}

/** What {@link ActivityLiveness} uses. */
export interface LivenessOptions {
  heartbeat: () => void;
  /** The activity's heartbeat timeout; without one, nothing is aborted for a stall. */
  heartbeatTimeoutMs?: number;
  /** Aborts {@link ActivityLiveness.signal} too (the activity's cancellation). */
  parent?: AbortSignal;
  now?: () => number;
}

/** Heartbeats of one activity attempt; {@link ActivityLiveness.stop} it when the attempt ends. */
export class ActivityLiveness {
  private readonly abort = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;
  private transfers = 0;
  private progressed = false;
  private lastProgress: number;

  constructor(private readonly o: LivenessOptions) {
    this.now = o.now ?? Date.now;
    this.lastProgress = this.now();
    const tick = Math.min(LIVENESS_TICK_MS, Math.max(10, (o.heartbeatTimeoutMs ?? LIVENESS_TICK_MS * 4) / 4));
    this.timer = setInterval(() => this.tick(), tick);
    this.timer.unref();
    o.parent?.addEventListener('abort', () => this.abort.abort(o.parent?.reason), { once: true });
  }

  /** Aborted by the parent signal, or when a transfer stalls (with a {@link MediaStalledError}). */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Runs `fn` as a transfer: heartbeats only follow its `onProgress` calls while it runs. */
  async transfer<T>(fn: (onProgress: () => void) => Promise<T>): Promise<T> {
    if (this.transfers++ === 0) this.lastProgress = this.now();
    try {
      return await fn(() => {
        this.progressed = true;
        this.lastProgress = this.now();
      });
    } finally {
      this.transfers--;
    }
  }

  /** Stops the ticker. */
  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    if (this.transfers === 0 || this.progressed) {
      this.progressed = false;
      this.o.heartbeat();
      return;
    }
    const stalledMs = this.now() - this.lastProgress;
    if (this.o.heartbeatTimeoutMs && stalledMs >= this.o.heartbeatTimeoutMs && !this.abort.signal.aborted) this.abort.abort(new MediaStalledError(stalledMs));
  }
}
