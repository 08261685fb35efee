/** A counting semaphore, first-in first-out: the PIM client's HTTP calls, the API's signals to Temporal. Knows nothing about either. */

/** Counting semaphore: at most `max` tasks run at once, the rest wait first-in first-out. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  /** Runs `task` once a slot is free; gives up waiting (rejecting with its reason) when `signal` aborts. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.hold(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /** Takes a slot once one is free, for as long as the caller needs it; the returned function gives it back (once). */
  async hold(signal?: AbortSignal): Promise<() => void> {
    await this.acquire(signal);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // hand the slot straight over
      else this.active--;
    };
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(signal?.reason as Error);
      };
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
