/**
 * The delivery rate of one HTTPS destination. https://api.akeneo.com/event-platform/key-platform-behaviors.html
 * ("Optimized throughput"): between 1 and 100 events per second; `200 OK` makes it "gradually" increase, `429`
 * decrease; best-practices.html: `Retry-After` is ignored. The algorithm is not documented: the simulator uses
 * additive increase (+1 event/s per success) and multiplicative decrease (halved per 429), starting at 10 events/s.
 */

/** Documented bounds, events per second. */
export const DELIVERY_RATE_BOUNDS = { min: 1, max: 100 } as const;

/** Tuning of {@link AdaptiveRate}; every field is a simulator choice, not documented. */
export interface AdaptiveRateOptions {
  /** Events per second at the start (default 10). */
  initial?: number;
  /** Added per success (default 1). */
  increase?: number;
  /** Multiplied per 429 (default 0.5). */
  decreaseFactor?: number;
}

/** An AIMD rate kept within {@link DELIVERY_RATE_BOUNDS}. */
export class AdaptiveRate {
  private value: number;
  private readonly increase: number;
  private readonly factor: number;

  constructor(options: AdaptiveRateOptions = {}) {
    this.value = clamp(options.initial ?? 10);
    this.increase = options.increase ?? 1;
    this.factor = options.decreaseFactor ?? 0.5;
  }

  /** Events per second now. */
  get current(): number {
    return this.value;
  }

  /** Virtual milliseconds between two sends at the current rate. */
  get gapMs(): number {
    return 1000 / this.value;
  }

  /** A 2xx: ramp up. */
  succeeded(): void {
    this.value = clamp(this.value + this.increase);
  }

  /** A 429: slow down (whatever its `Retry-After`). */
  throttled(): void {
    this.value = clamp(this.value * this.factor);
  }
}

function clamp(rate: number): number {
  return Math.min(DELIVERY_RATE_BOUNDS.max, Math.max(DELIVERY_RATE_BOUNDS.min, rate));
}
