/**
 * Admission control in front of the intake: at most `maxEvents` events in flight to Temporal at once.
 * Past that, a request is refused at once instead of queueing behind the intake deadline, so the
 * requests let in still answer well inside Akeneo's budget when more is offered than Temporal takes.
 */
import { DEFAULT_API_MAX_EVENTS_IN_FLIGHT } from '../config';
import type { EntityEvent } from '../workflows/definitions';
import { type EventIntake, IntakeOverloadedError } from './ports';

/** An {@link EventIntake} that throws {@link IntakeOverloadedError} rather than exceed `maxEvents` in flight. */
export class GatedIntake implements EventIntake {
  private inFlight = 0;

  constructor(
    private readonly inner: EventIntake,
    private readonly maxEvents: number = DEFAULT_API_MAX_EVENTS_IN_FLIGHT,
  ) {}

  /** Events being handed to Temporal right now. */
  get eventsInFlight(): number {
    return this.inFlight;
  }

  async submit(events: EntityEvent[]): Promise<void> {
    if (this.inFlight + events.length > this.maxEvents) {
      throw new IntakeOverloadedError(`${this.inFlight} events in flight; the limit is ${this.maxEvents}`);
    }
    this.inFlight += events.length;
    try {
      await this.inner.submit(events);
    } finally {
      this.inFlight -= events.length;
    }
  }
}
