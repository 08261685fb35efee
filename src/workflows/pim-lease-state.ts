/**
 * The PIM lease's pure logic: which worker process may call the PIM, and until when. Times are epoch
 * milliseconds of workflow time, passed in; no Temporal imports, so it is unit-tested alone.
 */

/** The lease as the workflow keeps it (plain JSON: it is carried across continue-as-new). */
export interface PimLeaseState {
  /** The holder, or the last one (kept after expiry, for operators); absent before the first grant and after a release. */
  holderId?: string;
  /** When the holder's lease runs out unless renewed. */
  expiresAtMs?: number;
  /** Grants to a new holder so far: it goes up at every takeover, never on a renewal. */
  term: number;
}

/** What an acquire asks for: the caller's id and how long the lease lasts from now. */
export interface PimLeaseRequest {
  holderId: string;
  ttlMs: number;
}

/** The lease as the query and the failed acquires show it. */
export interface PimLeaseView {
  holderId?: string;
  /** ISO-8601 workflow time. */
  expiresAt?: string;
  term: number;
  /** True while `holderId` holds it (not expired, not released). */
  held: boolean;
}

/** The answer to a granted acquire: the caller holds the lease until `expiresAt` (workflow time) unless it renews. */
export interface PimLeaseGrant {
  holderId: string;
  expiresAt: string;
  term: number;
  /** True when the caller did not hold the lease just before (a new term). */
  acquired: boolean;
}

/** Shortest and longest lease an acquire may ask for. */
export const LEASE_TTL_RANGE_MS = { min: 1_000, max: 10 * 60_000 } as const;

/** Outcome of {@link acquireLease}. */
export type AcquireOutcome = { granted: true; state: PimLeaseState; grant: PimLeaseGrant } | { granted: false; current: PimLeaseView };

/** The state before any grant. */
export function initialLeaseState(): PimLeaseState {
  return { term: 0 };
}

/** True while the lease is held by someone at `nowMs`. */
export function isHeld(state: PimLeaseState, nowMs: number): boolean {
  return state.holderId !== undefined && state.expiresAtMs !== undefined && nowMs < state.expiresAtMs;
}

/** The lease as operators see it at `nowMs`. */
export function viewLease(state: PimLeaseState, nowMs: number): PimLeaseView {
  return {
    ...(state.holderId !== undefined && { holderId: state.holderId }),
    ...(state.expiresAtMs !== undefined && { expiresAt: new Date(state.expiresAtMs).toISOString() }),
    term: state.term,
    held: isHeld(state, nowMs),
  };
}

/** Throws a `RangeError` unless `request` names a holder and a TTL within {@link LEASE_TTL_RANGE_MS}. */
export function assertValidRequest(request: PimLeaseRequest): void {
  if (typeof request?.holderId !== 'string' || request.holderId.trim() === '') throw new RangeError('holderId must be a non-empty string');
  const { ttlMs } = request;
  if (!Number.isInteger(ttlMs) || ttlMs < LEASE_TTL_RANGE_MS.min || ttlMs > LEASE_TTL_RANGE_MS.max) {
    throw new RangeError(`ttlMs must be an integer from ${LEASE_TTL_RANGE_MS.min} to ${LEASE_TTL_RANGE_MS.max}, got ${String(ttlMs)}`);
  }
}

/**
 * Grants the lease to `request.holderId` for `ttlMs` from `nowMs` when it is free, expired, or already
 * the caller's (a renewal, same term); otherwise refuses and tells who holds it.
 */
export function acquireLease(state: PimLeaseState, request: PimLeaseRequest, nowMs: number): AcquireOutcome {
  const renewal = isHeld(state, nowMs) && state.holderId === request.holderId;
  if (isHeld(state, nowMs) && !renewal) return { granted: false, current: viewLease(state, nowMs) };
  const next: PimLeaseState = { holderId: request.holderId, expiresAtMs: nowMs + request.ttlMs, term: renewal ? state.term : state.term + 1 };
  return {
    granted: true,
    state: next,
    grant: { holderId: request.holderId, expiresAt: new Date(next.expiresAtMs as number).toISOString(), term: next.term, acquired: !renewal },
  };
}

/** Frees the lease if `holderId` holds it at `nowMs`; returns the state unchanged otherwise. */
export function releaseLease(state: PimLeaseState, holderId: string, nowMs: number): PimLeaseState {
  if (!isHeld(state, nowMs) || state.holderId !== holderId) return state;
  return { term: state.term };
}
