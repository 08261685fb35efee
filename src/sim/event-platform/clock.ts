/**
 * Platform time for the Event Platform simulator: retries after 5/10/20 minutes, the rolling hour, rate pacing and
 * notification back-off all run on a {@link SimClock}, which a test can compress (`timeScale`) so that a 5-minute
 * retry takes milliseconds. HTTP timeouts stay in real milliseconds.
 */

/** Platform time: a virtual epoch-millisecond clock and timers on it. */
export interface SimClock {
  /** Virtual now, epoch milliseconds. */
  now(): number;
  /** Runs `fn` after `ms` virtual milliseconds; returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
}

/** A clock running `1 / scale` times faster than real time: with `scale = 0.001`, 5 virtual minutes take 300 ms. */
export class ScaledClock implements SimClock {
  private readonly realStart = performance.now();

  /**
   * @param scale real milliseconds per virtual millisecond (1: real time)
   * @param start virtual time at creation (default `Date.now()`)
   */
  constructor(
    readonly scale = 1,
    private readonly start: number = Date.now(),
  ) {
    if (!(scale > 0)) throw new RangeError(`timeScale must be positive, got ${scale}`);
  }

  now(): number {
    return this.start + (performance.now() - this.realStart) / this.scale;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = setTimeout(fn, Math.max(0, ms * this.scale));
    return () => clearTimeout(timer);
  }
}

/** Timers on a clock that can all be cancelled at once (on close), and a count of those pending. */
export class TimerSet {
  private readonly cancels = new Map<number, () => void>();
  private next = 0;

  constructor(readonly clock: SimClock) {}

  /** Timers not fired nor cancelled. */
  get pending(): number {
    return this.cancels.size;
  }

  /** Runs `fn` after `ms` virtual milliseconds unless cancelled; returns a cancel function. */
  after(ms: number, fn: () => void): () => void {
    const id = this.next++;
    const cancel = this.clock.setTimer(ms, () => {
      this.cancels.delete(id);
      fn();
    });
    const drop = (): void => {
      if (this.cancels.delete(id)) cancel();
    };
    this.cancels.set(id, drop);
    return drop;
  }

  /** Resolves after `ms` virtual milliseconds (never, once cancelled by {@link TimerSet.cancelAll}). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  /** Cancels every pending timer. */
  cancelAll(): void {
    for (const cancel of [...this.cancels.values()]) cancel();
  }
}
