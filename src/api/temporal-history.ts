/** The {@link HistoryReader} over Temporal (the entity workflow's query), and the readiness probe. */
import { type Client, QueryNotRegisteredError, QueryRejectedError, WorkflowNotFoundError } from '@temporalio/client';
import { type EntityRef, type SyncHistory, syncHistoryQuery } from '../workflows/definitions';
import { entityWorkflowId } from '../workflows/ids';
import { type HistoryReader, HistoryUnavailableError } from './ports';
import { withTemporalDeadline } from './temporal-intake';

/** Default time a history query gets: it needs a worker to answer, so more than a signal. */
export const DEFAULT_HISTORY_DEADLINE_MS = 2000;

/** Default time the readiness probe gets. */
export const DEFAULT_READINESS_DEADLINE_MS = 1000;

/** Answers `syncHistoryQuery` of an entity's workflow; `undefined` when there is none. */
export class TemporalHistoryReader implements HistoryReader {
  constructor(
    private readonly client: Client,
    private readonly deadlineMs = DEFAULT_HISTORY_DEADLINE_MS,
  ) {}

  /** Throws {@link HistoryUnavailableError} when Temporal (or a worker) cannot answer in time. */
  async read(ref: EntityRef): Promise<SyncHistory | undefined> {
    try {
      return await withTemporalDeadline(this.client.connection, this.deadlineMs, () =>
        this.client.workflow.getHandle(entityWorkflowId(ref)).query(syncHistoryQuery),
      );
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      // A query the workflow rejects is a bug, not an outage: let it become a 500.
      if (err instanceof QueryNotRegisteredError || err instanceof QueryRejectedError) throw err;
      throw new HistoryUnavailableError(`Temporal could not answer the history of ${entityWorkflowId(ref)}`, {
        cause: err,
      });
    }
  }
}

/** A readiness check: resolves true when the Temporal frontend answers `GetSystemInfo` in time. */
export function temporalReadiness(client: Client, deadlineMs = DEFAULT_READINESS_DEADLINE_MS): () => Promise<boolean> {
  return async () => {
    try {
      await withTemporalDeadline(client.connection, deadlineMs, () => client.connection.workflowService.getSystemInfo({}));
      return true;
    } catch {
      return false;
    }
  };
}
