/**
 * The API's budget of request-body bytes being read at once: one per process, so a few hundred slow uploads
 * cannot hold more memory than it allows. Bytes are counted as they arrive, not reserved up front from a
 * declared length, so slow bodies cost only what they have sent.
 */
import { DEFAULT_API_MAX_BODY_BYTES_IN_FLIGHT } from '../config';

/**
 * A body still being read after this long may be cut off to make room for a newer one: Akeneo has given up on
 * it by then (it waits 0.5 s on the legacy route, 5 s on the Event Platform ones).
 */
export const STALE_BODY_MS = 5000;

/** One body being read: what it holds, and how it is told that it was cut off. */
export interface BodyLease {
  /** Counts `bytes` more for this body; false when they do not fit (the body must be refused). */
  take(bytes: number): boolean;
  /** Gives the body's bytes back (read, refused or aborted); idempotent. */
  close(): void;
}

/** Options of {@link BodyBudget}. */
export interface BodyBudgetOptions {
  /** Clock in milliseconds (tests). */
  now?: () => number;
  /** Age past which a body may be cut off for a newer one (default {@link STALE_BODY_MS}). */
  staleAfterMs?: number;
}

interface Holder {
  bytes: number;
  openedAt: number;
  onEvicted: () => void;
}

/** Counts the bytes of the bodies being read; refuses a chunk past the budget once no stale body can make room. */
export class BodyBudget {
  private held = 0;
  private highWater = 0;
  /** In opening order, so the oldest is cut off first. */
  private readonly holders = new Set<Holder>();
  private readonly now: () => number;
  private readonly staleAfterMs: number;

  constructor(
    readonly maxBytes: number = DEFAULT_API_MAX_BODY_BYTES_IN_FLIGHT,
    options: BodyBudgetOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.staleAfterMs = options.staleAfterMs ?? STALE_BODY_MS;
  }

  /** Bytes held now by bodies being read. */
  get bytesInFlight(): number {
    return this.held;
  }

  /** The most bytes ever held at once. */
  get peakBytes(): number {
    return this.highWater;
  }

  /** Bodies being read now. */
  get bodies(): number {
    return this.holders.size;
  }

  /** Starts counting a body; `onEvicted` is called (its bytes already given back) if it is cut off for a newer one. */
  open(onEvicted: () => void): BodyLease {
    const holder: Holder = { bytes: 0, openedAt: this.now(), onEvicted };
    this.holders.add(holder);
    return {
      take: (bytes) => this.take(holder, bytes),
      close: () => this.release(holder),
    };
  }

  private take(holder: Holder, bytes: number): boolean {
    if (!this.holders.has(holder)) return false;
    if (this.held + bytes > this.maxBytes) this.evictStale(holder, bytes);
    if (this.held + bytes > this.maxBytes) return false;
    holder.bytes += bytes;
    this.held += bytes;
    this.highWater = Math.max(this.highWater, this.held);
    return true;
  }

  /** Cuts off bodies older than {@link STALE_BODY_MS}, oldest first, until `bytes` more fit. */
  private evictStale(taker: Holder, bytes: number): void {
    const staleBefore = this.now() - this.staleAfterMs;
    for (const holder of this.holders) {
      if (this.held + bytes <= this.maxBytes || holder.openedAt > staleBefore) return;
      if (holder === taker) continue;
      this.release(holder);
      holder.onEvicted();
    }
  }

  private release(holder: Holder): void {
    if (!this.holders.delete(holder)) return;
    this.held -= holder.bytes;
    holder.bytes = 0;
  }
}
