/**
 * Structure events through the same admissions as entity events: the Event Platform route's adaptive gate (429
 * `overloaded`) and the API's memory budget (`API_MAX_EVENTS_IN_FLIGHT`), one event each. Without it a flood of
 * structure events would be bounded only by the answer deadline.
 */
import type { IntakeAdmission, StructureIntake, SubmitOptions } from './ports';

/** A {@link StructureIntake} whose hand-overs each pass `admissions` in order (outermost first) as one event. */
export class AdmittedStructureIntake implements StructureIntake {
  constructor(
    private readonly inner: StructureIntake,
    private readonly admissions: readonly IntakeAdmission[],
  ) {}

  /** Hands the event of `key` over; throws `IntakeOverloadedError` at once, handing nothing over, when an admission refuses. */
  submit(key: string, options: SubmitOptions = {}): Promise<void> {
    const handOver = this.admissions.reduceRight<() => Promise<void>>(
      (next, admission) => () => admission.admit(1, options, next),
      () => this.inner.submit(key, options),
    );
    return handOver();
  }
}
