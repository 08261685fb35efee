/** What the PIM lease keeper works with: the lease service, the PIM caller it runs, and its timing. */
import type { PimLeaseRequest } from '../workflows/pim-lease-state';

/** What a lease service answers to an acquire. */
export type LeaseAnswer = { granted: true; term: number } | { granted: false; holderId?: string; expiresAt?: string };

/** Where the lease lives (a Temporal workflow in production, a fake in unit tests). */
export interface PimLeaseService {
  /** Grants or renews; resolves `{granted: false}` while another process holds it; rejects on any other problem. */
  acquire(request: PimLeaseRequest, signal: AbortSignal): Promise<LeaseAnswer>;
  /** Frees the lease if `holderId` holds it. */
  release(holderId: string, signal: AbortSignal): Promise<void>;
}

/** A running PIM caller. */
export interface PimCaller {
  /** Settles once the caller has stopped (drained, or cut off by the lost signal). */
  done: Promise<void>;
  /** Stops taking work and lets the work in flight finish. */
  drain(): void;
}

/** Starts the PIM caller; `lost` aborts when the lease is lost, and every PIM request must then stop at once. */
export type StartPimCaller = (lost: AbortSignal) => Promise<PimCaller>;

/** Lease timing, in milliseconds. */
export interface PimLeaseTiming {
  /** How long a grant or renewal lasts without the next one. */
  ttlMs: number;
  /** How often the holder renews and a standby asks. */
  renewEveryMs: number;
  /** The holder stops calling the PIM this long before its last renewal would run out. */
  stopMarginMs: number;
  /** Longest wait for one answer of the lease service. */
  callTimeoutMs: number;
}

/**
 * Production timing: a 30 s lease renewed every 5 s. The holder stops calling the PIM after 20 s without a
 * renewal (10 s before the lease runs out); a standby asks every 5 s, so it takes over at most about 35 s
 * after the holder's last renewal.
 */
export const PIM_LEASE_TIMING: PimLeaseTiming = { ttlMs: 30_000, renewEveryMs: 5_000, stopMarginMs: 10_000, callTimeoutMs: 5_000 };
