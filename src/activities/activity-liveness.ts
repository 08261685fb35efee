/**
 * The heartbeats of `syncEntity`. A ticker beats while the activity is in a step bounded by its own request
 * timeouts (reading the entity, writing it), and during media transfers only when they moved since the last tick:
 * a transfer that stalls stops the heartbeats, and the server's heartbeat timeout fails the attempt for a retry
 * (which does not join the stalled transfer, see `MediaSync`). The worker would only hear of that timeout through a
 * heartbeat, which a stalled attempt no longer sends: once the server has surely timed it out, the transfer is
 * aborted here as well, so neither side stays held until its own (5-minute) body timeout. Knows nothing about
 * Temporal but the heartbeat function it is given.
 */
import { MediaStalledError } from './media-transfer';

/** Longest time between two ticks: the SDK throttles heartbeats further (to 0.8 × the heartbeat timeout). */
export const LIVENESS_TICK_MS = 1_000;
/**
 * A stalled attempt aborts its transfers after this many heartbeat timeouts without progress: the last heartbeat
 * may reach the server a tick (≤ 0.2 timeout) plus the SDK's throttle (0.8 timeout) after the last progress, and
 * the server times out one timeout after that, so by 2 timeouts the attempt has failed; half a timeout to spare.
 */
export const STALL_ABORT_TIMEOUTS = 2.5;

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
    const tick = Math.min(LIVENESS_TICK_MS, Math.max(10, (o.heartbeatTimeoutMs ?? LIVENESS_TICK_MS * 5) / 5));
    this.timer = setInterval(() => this.tick(), tick);
    this.timer.unref();
    o.parent?.addEventListener('abort', () => this.abort.abort(o.parent?.reason), { once: true });
  }

  /** Aborted by the parent signal, or when a transfer stalls (with a `MediaStalledError`). */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** The activity's heartbeat timeout, if it has one. */
  get heartbeatTimeoutMs(): number | undefined {
    return this.o.heartbeatTimeoutMs || undefined;
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
    const timeout = this.heartbeatTimeoutMs;
    const stalledMs = this.now() - this.lastProgress;
    if (timeout && stalledMs >= STALL_ABORT_TIMEOUTS * timeout && !this.abort.signal.aborted) this.abort.abort(new MediaStalledError(undefined, stalledMs));
  }
}
