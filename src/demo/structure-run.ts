/** The demo's structure sync: one run of `structureSyncWorkflow`, started the way `resync-structure` starts it. */
import type { Client } from '@temporalio/client';
import { compactTimestamp } from '../cli/args';
import { DEFAULT_DELETE_MAX_FRACTION } from '../workflows/reconcile-definitions';
import { STRUCTURE_SCHEDULE_ID, STRUCTURE_SYNC_WORKFLOW, type StructureSyncInput, type StructureSyncResult } from '../workflows/structure-sync-definitions';

/** A structure run under way: its workflow id, and its counts per kind once it completes. */
export interface DemoStructureRun {
  workflowId: string;
  result: Promise<StructureSyncResult>;
}

/** Starts one structure sync of every kind, deletions on (nothing to delete on a first run), default mass-delete guard. */
export async function startStructureSync(client: Client, taskQueue: string): Promise<DemoStructureRun> {
  const workflowId = `${STRUCTURE_SCHEDULE_ID}-demo-${compactTimestamp(new Date())}`;
  const input: StructureSyncInput = { deletePolicy: 'delete', deleteMaxFraction: DEFAULT_DELETE_MAX_FRACTION };
  const handle = await client.workflow.start(STRUCTURE_SYNC_WORKFLOW, {
    taskQueue,
    workflowId,
    args: [input],
    staticSummary: 'Structure sync of the demo catalogue',
  });
  const result = handle.result() as Promise<StructureSyncResult>;
  result.catch(() => undefined); // awaited by the caller; a failure before then must not be an unhandled rejection
  return { workflowId, result };
}
