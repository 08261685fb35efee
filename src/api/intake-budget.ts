/**
 * The API process's memory budget of events in flight to Temporal, shared by both webhook routes. A
 * hand-over counts from the moment it starts until Temporal has answered or its own deadline has passed,
 * whether or not its webhook has been answered meanwhile: a late hand-over still holds its events in memory.
 * Past the budget a request is refused at once; this is the only load-based refusal of the legacy route,
 * whose sender never retries (akeneo-real-behaviour.md §7), so the budget is sized for bursts (thousands).
 */
import { DEFAULT_API_MAX_EVENTS_IN_FLIGHT } from '../config';
import type { EntityEvent } from '../workflows/definitions';
import { type EventIntake, type IntakeAdmission, IntakeOverloadedError, type SubmitOptions } from './ports';

/** An {@link EventIntake} that throws {@link IntakeOverloadedError} rather than hold more than `maxEvents` events in flight. */
export class BudgetedIntake implements EventIntake, IntakeAdmission {
  private inFlight = 0;

  constructor(
    private readonly inner: EventIntake,
    /** Most events in flight at once (`API_MAX_EVENTS_IN_FLIGHT`). */
    readonly maxEvents: number = DEFAULT_API_MAX_EVENTS_IN_FLIGHT,
  ) {}

  /** Events being handed to Temporal right now, late hand-overs included. */
  get eventsInFlight(): number {
    return this.inFlight;
  }

  /** Hands `events` over, or throws {@link IntakeOverloadedError} at once when they would pass the budget. */
  submit(events: EntityEvent[], options: SubmitOptions = {}): Promise<void> {
    return this.admit(events.length, options, () => this.inner.submit(events, options));
  }

  /** Runs `handOver` counted as `events` events, or throws {@link IntakeOverloadedError} at once when they would pass the budget. */
  async admit<T>(events: number, _options: SubmitOptions, handOver: () => Promise<T>): Promise<T> {
    // With nothing in flight a request always passes, even one larger than the budget.
    if (this.inFlight > 0 && this.inFlight + events > this.maxEvents) {
      throw new IntakeOverloadedError(`${this.inFlight} events in flight; the budget is ${this.maxEvents}`);
    }
    this.inFlight += events;
    try {
      return await handOver();
    } finally {
      this.inFlight -= events;
    }
  }
}
