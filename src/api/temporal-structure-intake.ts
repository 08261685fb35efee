/** The {@link StructureIntake} over Temporal: one signal-with-start per structure event, within its deadline. */
import type { Client } from '@temporalio/client';
import { signalStructureItem } from '../signal-structure';
import { type StructureIntake, IntakeUnavailableError, type SubmitOptions } from './ports';
import { HANDOVER_DEADLINE_MS, withTemporalDeadline } from './temporal-intake';

/** Signals each structure event to its item's workflow, starting the workflow when it is not running. */
export class TemporalStructureIntake implements StructureIntake {
  private readonly handOvers = new Set<Promise<unknown>>();

  constructor(
    private readonly client: Client,
    private readonly options: { taskQueue: string; deadlineMs?: number },
  ) {}

  /** Resolves once the server has persisted the signal; otherwise throws {@link IntakeUnavailableError}. */
  async submit(key: string, options: SubmitOptions = {}): Promise<void> {
    const ms = options.deadlineMs ?? this.options.deadlineMs ?? HANDOVER_DEADLINE_MS;
    const handOver = withTemporalDeadline(this.client.connection, ms, () => signalStructureItem(this.client, this.options.taskQueue, key));
    this.handOvers.add(handOver);
    try {
      await handOver;
    } catch (err) {
      throw new IntakeUnavailableError(`Temporal did not take the event of ${key}`, { cause: err });
    } finally {
      this.handOvers.delete(handOver);
    }
  }

  /** Resolves once every hand-over running now has settled (late ones included), before the connection closes. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.handOvers]);
  }
}
