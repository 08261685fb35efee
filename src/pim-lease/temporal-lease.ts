/** The PIM lease service backed by the lease workflow: update-with-start, so a missing lease workflow is started. */
import { ApplicationFailure } from '@temporalio/common';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { FailureType } from '../failures';
import { pimLeaseWorkflowId } from '../workflows/ids';
import {
  acquirePimLeaseUpdate,
  PIM_LEASE_WORKFLOW,
  pimLeaseQuery,
  releasePimLeaseUpdate,
  type PimLeaseInput,
  type PimLeaseView,
} from '../workflows/pim-lease-definitions';
import type { LeaseAnswer, PimLeaseService } from './types';

/** The lease of the workers polling `taskQueue`, in the workflow `akeneo-pim-lease-<taskQueue>` on that task queue. */
export function temporalPimLease(client: Client, taskQueue: string): PimLeaseService {
  const workflowId = pimLeaseWorkflowId(taskQueue);
  return {
    acquire: async (request, signal) => {
      const startWorkflowOperation = new WithStartWorkflowOperation(PIM_LEASE_WORKFLOW, {
        workflowId,
        taskQueue,
        args: [{} satisfies PimLeaseInput],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      try {
        const grant = await client.withAbortSignal(signal, () =>
          client.workflow.executeUpdateWithStart(acquirePimLeaseUpdate, { args: [request], startWorkflowOperation }),
        );
        return { granted: true, term: grant.term };
      } catch (err) {
        const current = heldBy(err);
        if (current) return { granted: false, holderId: current.holderId, expiresAt: current.expiresAt } satisfies LeaseAnswer;
        throw err;
      }
    },
    release: async (holderId, signal) => {
      try {
        await client.withAbortSignal(signal, () => client.workflow.getHandle(workflowId).executeUpdate(releasePimLeaseUpdate, { args: [holderId] }));
      } catch (err) {
        if (!heldBy(err)) throw err; // held by another: nothing of ours to release
      }
    },
  };
}

/** Who holds the lease of `taskQueue` and until when (as of the lease workflow's last task). */
export async function queryPimLease(client: Client, taskQueue: string): Promise<PimLeaseView> {
  return client.workflow.getHandle(pimLeaseWorkflowId(taskQueue)).query(pimLeaseQuery);
}

/** The lease's current state when `err` is the workflow's refusal (another worker holds it). */
function heldBy(err: unknown): PimLeaseView | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure) || cause.type !== FailureType.PIM_LEASE_HELD) return undefined;
  return (cause.details?.[0] as PimLeaseView | undefined) ?? { term: 0, held: true };
}
