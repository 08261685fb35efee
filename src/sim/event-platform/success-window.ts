/**
 * The success rate of a destination over the rolling hour, for the threshold suspension of
 * https://api.akeneo.com/event-platform/key-platform-behaviors.html ("Threshold-Based Suspension": below 90% within the
 * last rolling hour; counted as failures: 5xx, 4xx, timeouts, and 429 while the event stays undelivered > 1 h).
 */

/** The rolling window, virtual milliseconds. */
export const SUCCESS_WINDOW_MS = 3_600_000;
/** Success rate under which a subscription is suspended (90% since commit 61ab5c65, 2025-06-10; 95% before). */
export const SUCCESS_THRESHOLD = 0.9;

/** Outcomes of the last hour. */
export class SuccessWindow {
  private readonly outcomes: Array<{ at: number; ok: boolean }> = [];
  private head = 0;
  private failures = 0;

  constructor(private readonly windowMs = SUCCESS_WINDOW_MS) {}

  /** Records one outcome at virtual time `at`. */
  record(at: number, ok: boolean): void {
    this.outcomes.push({ at, ok });
    if (!ok) this.failures++;
    this.prune(at);
  }

  /** Outcomes within the window ending at `at`. */
  total(at: number): number {
    this.prune(at);
    return this.outcomes.length - this.head;
  }

  /** Successes / total within the window ending at `at` (1 when empty). */
  rate(at: number): number {
    const total = this.total(at);
    return total === 0 ? 1 : (total - this.failures) / total;
  }

  /** Forgets everything (on resume: a resumed subscription starts a fresh hour, a simulator choice). */
  reset(): void {
    this.outcomes.length = 0;
    this.head = 0;
    this.failures = 0;
  }

  private prune(at: number): void {
    while (this.head < this.outcomes.length && this.outcomes[this.head].at <= at - this.windowMs) {
      if (!this.outcomes[this.head].ok) this.failures--;
      this.head++;
    }
    if (this.head > 1024) {
      this.outcomes.splice(0, this.head);
      this.head = 0;
    }
  }
}
