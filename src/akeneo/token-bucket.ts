/** A token bucket that paces requests to a rate, first come first served. Knows nothing about Temporal. */
import { setTimeout as sleepFor } from 'node:timers/promises';

/** Options of {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second: the sustained request rate. */
  ratePerSecond: number;
  /** Tokens the bucket holds when idle: how many requests may go at once (default 1, i.e. evenly spaced). */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Paces takers to `ratePerSecond` with at most `burst` at once (GCRA: each taker reserves the next free
 * slot synchronously, so the order is the order of the calls). A taker that wakes late (a busy event loop)
 * could land next to the one after it, so each is also checked against the tokens actually handed out in
 * the last second: no second ever holds more than `ratePerSecond` of them (Akeneo's own rule).
 */
export class TokenBucket {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly perSecond: number;
  /** When the next token would be due if the bucket were empty (the GCRA's theoretical arrival time). */
  private dueAt = -Infinity;
  /** When the tokens of the last second were handed out, oldest first. */
  private readonly handedOut: number[] = [];

  constructor(options: TokenBucketOptions) {
    const burst = options.burst ?? 1;
    if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) {
      throw new RangeError(`ratePerSecond must be a positive number, got ${options.ratePerSecond}`);
    }
    if (!Number.isInteger(burst) || burst < 1) throw new RangeError(`burst must be a positive integer, got ${burst}`);
    this.intervalMs = 1000 / options.ratePerSecond;
    this.toleranceMs = (burst - 1) * this.intervalMs;
    this.perSecond = Math.max(1, Math.floor(options.ratePerSecond));
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms, signal) => sleepFor(ms, undefined, { signal }));
  }

  /** Milliseconds a taker arriving now would wait (0 when a token is free). */
  get waitMs(): number {
    return Math.max(0, this.dueAt - this.toleranceMs - this.now());
  }

  /** Resolves when the caller may send one request; rejects (and gives up its slot) when `signal` aborts. */
  async take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const now = this.now();
    const due = Math.max(this.dueAt, now);
    const wait = due - this.toleranceMs - now;
    this.dueAt = due + this.intervalMs;
    try {
      if (wait > 0) await this.sleep(wait, signal);
      for (let late = this.lateBy(); late > 0; late = this.lateBy()) await this.sleep(late, signal);
    } catch (err) {
      // An abandoned slot is handed back only if nobody reserved after it; otherwise it stays unused.
      if (this.dueAt === due + this.intervalMs) this.dueAt = due;
      throw err;
    }
    this.handedOut.push(this.now());
  }

  /** How long until a token may be handed out without the last second holding too many (0: now). */
  private lateBy(): number {
    const now = this.now();
    while (this.handedOut.length && this.handedOut[0] <= now - 1000) this.handedOut.shift();
    return this.handedOut.length < this.perSecond ? 0 : this.handedOut[0] + 1000 - now;
  }
}
