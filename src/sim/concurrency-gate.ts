/** Akeneo's limits on concurrent REST calls: per connection and per PIM. */

/** Concurrent calls Akeneo allows per connection (https://api.akeneo.com/documentation/good-practices.html). */
export const MAX_CONCURRENT_CALLS_PER_CONNECTION = 4;
/** Concurrent calls Akeneo allows per PIM instance (same page). */
export const MAX_CONCURRENT_CALLS_PER_PIM = 10;

/** A call let in (or not) by {@link ConcurrencyGate.enter}; `release` once it is answered. */
export interface GatePass {
  admitted: boolean;
  release(): void;
}

/**
 * Counts the REST calls in flight per connection (OAuth client id) and per PIM as they arrive, before any
 * refusal, and refuses the excess. Akeneo allows "up to 4 concurrent API calls ... for each individual PIM
 * connection" and 10 per PIM instance; beyond, "the platform's protection mechanisms may be triggered, resulting
 * in blocked requests and HTTP status code 429 responses" (https://api.akeneo.com/documentation/good-practices.html,
 * akeneo/pim-api-docs content/rest-api/good-practices.md).
 */
export class ConcurrencyGate {
  /** Calls refused so far. */
  refused = 0;
  private readonly inFlight = new Map<string, number>();
  private readonly peaks = new Map<string, number>();
  private total = 0;
  private peakTotal = 0;

  constructor(
    /** Most calls in flight per connection; more are refused while {@link ConcurrencyGate.refuse} is on. */
    public maxPerConnection = MAX_CONCURRENT_CALLS_PER_CONNECTION,
    /** Most calls in flight on the PIM. */
    public maxPerPim = MAX_CONCURRENT_CALLS_PER_PIM,
    /** Whether to refuse the excess (false: only count). */
    public refuse = true,
  ) {}

  /** Counts a call arriving from `connection` (undefined: no valid token) and says whether it is admitted. */
  enter(connection: string | undefined): GatePass {
    this.total++;
    this.peakTotal = Math.max(this.peakTotal, this.total);
    let mine = 0;
    if (connection !== undefined) {
      mine = (this.inFlight.get(connection) ?? 0) + 1;
      this.inFlight.set(connection, mine);
      this.peaks.set(connection, Math.max(this.peaks.get(connection) ?? 0, mine));
    }
    const admitted = !this.refuse || (mine <= this.maxPerConnection && this.total <= this.maxPerPim);
    if (!admitted) this.refused++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.total--;
      if (connection !== undefined) this.inFlight.set(connection, (this.inFlight.get(connection) ?? 1) - 1);
    };
    return { admitted, release };
  }

  /** Calls in flight now (a download until its last byte is sent or its stream is closed). */
  get current(): number {
    return this.total;
  }

  /** Most calls ever in flight at once on the PIM, counted on arrival (refused ones included). */
  get peak(): number {
    return this.peakTotal;
  }

  /** Most calls ever in flight at once from one connection, counted on arrival; without `connection`, the highest of all. */
  peakOf(connection?: string): number {
    if (connection !== undefined) return this.peaks.get(connection) ?? 0;
    return Math.max(0, ...this.peaks.values());
  }
}
