/**
 * Admission control in front of the intake. Past a limit of events in flight to Temporal, a request is
 * refused at once instead of queueing behind the intake deadline, so the requests let in still answer
 * well inside Akeneo's budget when more is offered than Temporal takes. The limit adapts (AIMD): it grows
 * by about {@link INCREASE_PER_LIMIT} events per limit's worth of events handed over in time, and shrinks
 * by a tenth, at most once per round trip, when a hand-over comes close to the intake deadline or fails;
 * it stays between {@link MIN_EVENTS_IN_FLIGHT} and the configured ceiling, where it starts. Below
 * saturation hand-overs are fast, so the limit stays at the ceiling and nothing is shed.
 */
import { DEFAULT_API_MAX_EVENTS_IN_FLIGHT } from '../config';
import type { EntityEvent } from '../workflows/definitions';
import { type EventIntake, IntakeOverloadedError } from './ports';
import { DEFAULT_INTAKE_DEADLINE_MS } from './temporal-intake';

/** The limit never shrinks below one full legacy request. */
export const MIN_EVENTS_IN_FLIGHT = 10;
/** A hand-over slower than this shrinks the limit: 80 % of the intake deadline. */
export const DEFAULT_TARGET_MS = Math.round(0.8 * DEFAULT_INTAKE_DEADLINE_MS);
/** Growth per limit's worth of events handed over in time (from 10 to 200 in about 5,000 events). */
export const INCREASE_PER_LIMIT = 4;
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
}

/** An {@link EventIntake} that throws {@link IntakeOverloadedError} rather than exceed its limit of events in flight. */
export class GatedIntake implements EventIntake {
  private inFlight = 0;
  private currentLimit: number;
  private lastDecreaseAt = -Infinity;
  private readonly maxEvents: number;
  private readonly targetMs: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: EventIntake,
    options: GateOptions = {},
  ) {
    this.maxEvents = options.maxEvents ?? DEFAULT_API_MAX_EVENTS_IN_FLIGHT;
    this.targetMs = options.targetMs ?? DEFAULT_TARGET_MS;
    this.now = options.now ?? (() => performance.now());
    this.currentLimit = this.maxEvents;
  }

  /** Events being handed to Temporal right now. */
  get eventsInFlight(): number {
    return this.inFlight;
  }

  /** The current limit of events in flight. */
  get limit(): number {
    return Math.floor(this.currentLimit);
  }

  async submit(events: EntityEvent[]): Promise<void> {
    if (this.inFlight + events.length > this.limit) {
      throw new IntakeOverloadedError(`${this.inFlight} events in flight; the limit is now ${this.limit}`);
    }
    this.inFlight += events.length;
    const startedAt = this.now();
    let inTime = false;
    try {
      await this.inner.submit(events);
      inTime = this.now() - startedAt <= this.targetMs;
    } finally {
      this.inFlight -= events.length;
      if (inTime) this.increase(events.length);
      else this.decrease(startedAt);
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
