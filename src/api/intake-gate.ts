/**
 * Admission control in front of the intake, for the Event Platform route (the platform retries a 429, and
 * lowers its rate). Past a limit of events in flight to Temporal, a request is
 * refused at once instead of queueing behind the intake deadline, so the requests let in still answer
 * well inside Akeneo's budget when more is offered than Temporal takes. The limit adapts (AIMD): it grows
 * by about {@link INCREASE_PER_LIMIT} events per limit's worth of events handed over in time, and shrinks
 * by a tenth, at most once per round trip, when a hand-over comes close to the intake deadline or fails;
 * it stays between {@link MIN_EVENTS_IN_FLIGHT} and the configured ceiling, where it starts. Below
 * saturation hand-overs are fast, so the limit stays at the ceiling and nothing is shed.
 *
 * The gate can never stay shut. It refuses only while something counts as in flight, and a hand-over
 * counts for at most {@link MAX_HOLD_MS}, or a quarter more than its own deadline when that is longer (a
 * hung one is then forgotten), so it never sheds for longer than that without letting a request through. That matters on the Event Platform route, whose refusals are
 * 429s: the platform lowers its rate (between 1 and 100 events/s) and retries, but an event it holds back
 * for over an hour counts as a failed delivery, and below 90 % success over an hour it suspends the
 * subscription (https://api.akeneo.com/event-platform/key-platform-behaviors.html, "Optimized throughput").
 */
import type { EntityEvent } from '../workflows/definitions';
import { type EventIntake, type IntakeAdmission, IntakeOverloadedError, type SubmitOptions } from './ports';
import { DEFAULT_INTAKE_DEADLINE_MS } from './temporal-intake';

/**
 * Ceiling of the Event Platform route's adaptive limit, and where it starts: the platform delivers at most
 * 100 events/s, one per request, so a few seconds' worth of its deliveries.
 */
export const EVENT_PLATFORM_MAX_EVENTS_IN_FLIGHT = 200;
/** The limit never shrinks below one full legacy request. */
export const MIN_EVENTS_IN_FLIGHT = 10;
/** A hand-over slower than this shrinks the limit: 80 % of the intake deadline. */
export const DEFAULT_TARGET_MS = Math.round(0.8 * DEFAULT_INTAKE_DEADLINE_MS);
/** Growth per limit's worth of events handed over in time (from 10 to 200 in about 5,000 events). */
export const INCREASE_PER_LIMIT = 4;
/**
 * Longest a hand-over counts against the limit: 5 × the intake deadline, which every hand-over through
 * `TemporalIntake` meets; past it the gate stops counting it (its events are still handed over or failed).
 */
export const MAX_HOLD_MS = 5 * DEFAULT_INTAKE_DEADLINE_MS;
/** Shrink factor on congestion: gentle, as the dev server's latency has spikes that are not saturation (0.75 measured × 0.44–0.48 of the raw rate at saturation, 0.9 × 0.37–0.80). */
const DECREASE_FACTOR = 0.9;

/** Options of {@link GatedIntake}. */
export interface GateOptions {
  /** Ceiling of the limit, and where it starts. */
  maxEvents?: number;
  /** Hand-overs slower than this count as congestion. */
  targetMs?: number;
  /** Clock in milliseconds (tests). */
  now?: () => number;
  /** Longest a hand-over counts as in flight (default {@link MAX_HOLD_MS}). */
  maxHoldMs?: number;
}

/** One hand-over counted as in flight. */
interface Hold {
  events: number;
  startedAt: number;
  /** When the gate stops counting it. */
  forgetAt: number;
}

/** An {@link EventIntake} that throws {@link IntakeOverloadedError} rather than exceed its limit of events in flight. */
export class GatedIntake implements EventIntake, IntakeAdmission {
  private inFlight = 0;
  /** Hand-overs counted in {@link inFlight}, oldest first. */
  private readonly holds = new Set<Hold>();
  private currentLimit: number;
  private lastDecreaseAt = -Infinity;
  private readonly maxEvents: number;
  private readonly targetMs: number;
  private readonly maxHoldMs: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: EventIntake,
    options: GateOptions = {},
  ) {
    this.maxEvents = options.maxEvents ?? EVENT_PLATFORM_MAX_EVENTS_IN_FLIGHT;
    this.targetMs = options.targetMs ?? DEFAULT_TARGET_MS;
    this.now = options.now ?? (() => performance.now());
    this.maxHoldMs = options.maxHoldMs ?? MAX_HOLD_MS;
    this.currentLimit = this.maxEvents;
  }

  /** Events being handed to Temporal right now (hand-overs older than the hold cap aside). */
  get eventsInFlight(): number {
    this.forgetHungHandOvers();
    return this.inFlight;
  }

  /** The current limit of events in flight. */
  get limit(): number {
    return Math.floor(this.currentLimit);
  }

  /** Throws {@link IntakeOverloadedError} at once when `events` would pass the limit and something is in flight. */
  submit(events: EntityEvent[], options: SubmitOptions = {}): Promise<void> {
    return this.admit(events.length, options, () => this.inner.submit(events, options));
  }

  /** Runs `handOver` counted as `events` events, or throws {@link IntakeOverloadedError} at once when they would pass the limit. */
  async admit<T>(events: number, options: SubmitOptions, handOver: () => Promise<T>): Promise<T> {
    this.forgetHungHandOvers();
    // With nothing in flight a request always passes, even one larger than the limit.
    if (this.inFlight > 0 && this.inFlight + events > this.limit) {
      throw new IntakeOverloadedError(`${this.inFlight} events in flight; the limit is now ${this.limit}`);
    }
    const startedAt = this.now();
    const holdMs = Math.max(this.maxHoldMs, 1.25 * (options.deadlineMs ?? 0));
    const hold: Hold = { events, startedAt, forgetAt: startedAt + holdMs };
    this.holds.add(hold);
    this.inFlight += events;
    let inTime = false;
    try {
      const result = await handOver();
      inTime = this.now() - startedAt <= this.targetMs;
      return result;
    } finally {
      if (this.holds.delete(hold)) this.inFlight -= events;
      if (inTime) this.increase(events);
      else this.decrease(startedAt);
    }
  }

  /** Stops counting hand-overs older than the hold cap, so no hung one can keep the gate shut. */
  private forgetHungHandOvers(): void {
    const now = this.now();
    // Holds have their own caps, so every one is looked at; there are at most as many as events in flight.
    for (const hold of this.holds) {
      if (now < hold.forgetAt) continue;
      this.holds.delete(hold);
      this.inFlight -= hold.events;
    }
  }

  private increase(events: number): void {
    this.currentLimit = Math.min(this.maxEvents, this.currentLimit + (INCREASE_PER_LIMIT * events) / this.currentLimit);
  }

  private decrease(startedAt: number): void {
    // Hand-overs that started before the last decrease saw the old limit's congestion: count it once.
    if (startedAt < this.lastDecreaseAt) return;
    this.currentLimit = Math.max(Math.min(MIN_EVENTS_IN_FLIGHT, this.maxEvents), this.currentLimit * DECREASE_FACTOR);
    this.lastDecreaseAt = this.now();
  }
}
