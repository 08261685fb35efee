/** A sliding-window request limiter, like the PIM's "requests per second" cap. */

/** Admits at most `max` requests within any sliding window of `windowMs`; rejected requests do not count. */
export class SlidingWindowLimiter {
  private readonly admitted: number[] = [];
  private head = 0;
  private cap: number | undefined;

  /** `max` undefined: no cap. */
  constructor(max?: number, private readonly windowMs = 1000) {
    this.max = max;
  }

  /** Most requests per window; `undefined` lifts the cap. Only requests admitted while a cap is set are counted. */
  get max(): number | undefined {
    return this.cap;
  }

  set max(value: number | undefined) {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new RangeError(`the request cap must be a positive integer, got ${value}`);
    }
    this.cap = value;
  }

  /** Whether a request arriving at `nowMs` is admitted; records it when it is. */
  admit(nowMs: number): boolean {
    if (this.cap === undefined) return true;
    while (this.head < this.admitted.length && this.admitted[this.head] <= nowMs - this.windowMs) this.head++;
    if (this.admitted.length - this.head >= this.cap) return false;
    this.admitted.push(nowMs);
    if (this.head >= 1024) {
      this.admitted.splice(0, this.head);
      this.head = 0;
    }
    return true;
  }
}
