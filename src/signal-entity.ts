/** The one way events reach entity workflows: signal-with-start by workflow name (no workflow code imported). */
import type { Client } from '@temporalio/client';
import { entityEventSignal, type EntityEvent } from './workflows/definitions';
import { entityWorkflowId } from './workflows/ids';
import type { ProductSyncOptions } from './workflows/product-sync';

/** Type name of the entity workflow. */
export const PRODUCT_SYNC_WORKFLOW = 'productSyncWorkflow';

/** Signals `event` to its entity workflow, starting it on `taskQueue` when it is not running. */
export async function signalEntity(client: Client, taskQueue: string, event: EntityEvent, workflowOptions?: ProductSyncOptions): Promise<void> {
  const { ref } = event;
  await client.workflow.signalWithStart(PRODUCT_SYNC_WORKFLOW, {
    workflowId: entityWorkflowId(ref),
    taskQueue,
    args: [{ ref, ...(workflowOptions && { options: workflowOptions }) }],
    signal: entityEventSignal,
    signalArgs: [event],
    // Explicit although it is the default: a running entity workflow is signalled, never replaced.
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
