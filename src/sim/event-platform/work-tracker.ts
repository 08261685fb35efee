/** Counts units of pending work (queued events, waiting retries, requests, notifications) so that tests can await "empty". */
export class WorkTracker {
  private count = 0;
  private waiters: Array<() => void> = [];

  /** Units of work not finished. */
  get pending(): number {
    return this.count;
  }

  /** One more unit of work. */
  begin(n = 1): void {
    this.count += n;
  }

  /** One unit finished; wakes the waiters when none is left. */
  end(n = 1): void {
    this.count = Math.max(0, this.count - n);
    if (this.count === 0) this.wake();
  }

  /** Resolves when no work is pending (at once when none is). */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Forgets all work (on close) and wakes the waiters. */
  reset(): void {
    this.count = 0;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
