/** The one way structure events reach their item's workflow: signal-with-start by workflow name (no workflow code imported). */
import type { Client } from '@temporalio/client';
import { structureItemWorkflowId } from './workflows/ids';
import { STRUCTURE_ITEM_WORKFLOW, structureItemChangedSignal, type StructureItemInput } from './workflows/structure-item-definitions';

/** Signals that the item `key` changed, starting its workflow on `taskQueue` when none is running. */
export async function signalStructureItem(client: Client, taskQueue: string, key: string): Promise<void> {
  await client.workflow.signalWithStart(STRUCTURE_ITEM_WORKFLOW, {
    taskQueue,
    workflowId: structureItemWorkflowId(taskQueue, key),
    args: [{ key }] as [StructureItemInput],
    signal: structureItemChangedSignal,
    signalArgs: [],
    // A running workflow is signalled (its loop syncs once more), never replaced.
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
