/** Scripted failures shared by the simulators: "the next n calls fail" and "a random fraction fails". */

/** One injected failure. */
export interface Fault {
  status: number;
  /** Sent as `Retry-After` (whole seconds) when set. */
  retryAfterSeconds?: number;
}

/** A queue of failures for the next calls, plus an optional random failure rate. */
export class FaultPlan {
  private readonly queue: Array<{ fault: Fault; remaining: number }> = [];
  private rate: { fraction: number; statuses: readonly number[] } | undefined;

  constructor(private readonly random: () => number = Math.random) {}

  /** Makes the next `n` calls fail with `fault` (after any failures already queued). */
  add(n: number, fault: Fault): void {
    if (n > 0) this.queue.push({ fault, remaining: Math.floor(n) });
  }

  /** Makes each call fail with probability `fraction`, with a status picked from `statuses`; 0 turns it off. */
  setRate(fraction: number, statuses: readonly number[] = [500]): void {
    this.rate = fraction > 0 && statuses.length > 0 ? { fraction, statuses } : undefined;
  }

  /** Forgets every scripted failure. */
  clear(): void {
    this.queue.length = 0;
    this.rate = undefined;
  }

  /** Failures still queued. */
  get pending(): number {
    return this.queue.reduce((sum, q) => sum + q.remaining, 0);
  }

  /** The failure for this call, if any; consumes one queued failure. */
  take(): Fault | undefined {
    const head = this.queue[0];
    if (head) {
      if (--head.remaining <= 0) this.queue.shift();
      return head.fault;
    }
    if (this.rate && this.random() < this.rate.fraction) {
      const { statuses } = this.rate;
      return { status: statuses[Math.floor(this.random() * statuses.length)] };
    }
    return undefined;
  }
}

/** `Retry-After` header of a fault, or none. */
export function retryAfterHeader(fault: Fault): Record<string, string> | undefined {
  return fault.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(fault.retryAfterSeconds) };
}

/** A deterministic pseudo-random generator in [0, 1) (mulberry32), for reproducible chaos. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
