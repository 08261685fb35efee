/** The one way events reach entity workflows: signal-with-start by workflow name (no workflow code imported). */
import type { Client } from '@temporalio/client';
import { entityEventSignal, type EntityEvent } from './workflows/definitions';
import { entityWorkflowId, identifierWorkflowId } from './workflows/ids';
import type { ProductSyncOptions } from './workflows/product-sync';

/** Type name of the entity workflow. */
export const PRODUCT_SYNC_WORKFLOW = 'productSyncWorkflow';
/** Type name of the workflow that resolves a product identifier to its uuid and passes the events on. */
export const PRODUCT_IDENTIFIER_WORKFLOW = 'productIdentifierWorkflow';

/**
 * Signals `event` to its entity workflow, starting it on `taskQueue` when it is not running. A product event
 * without uuid (empty `ref.id`) goes to its identifier's workflow, which resolves the uuid in the worker.
 */
export async function signalEntity(client: Client, taskQueue: string, event: EntityEvent, workflowOptions?: ProductSyncOptions): Promise<void> {
  const { ref } = event;
  const common = {
    taskQueue,
    signal: entityEventSignal,
    signalArgs: [event] as [EntityEvent],
    // Explicit although it is the default: a running workflow is signalled, never replaced.
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
  };
  if (ref.kind === 'product' && ref.id === '' && ref.identifier) {
    await client.workflow.signalWithStart(PRODUCT_IDENTIFIER_WORKFLOW, {
      ...common,
      workflowId: identifierWorkflowId(ref.identifier),
      args: [{ identifier: ref.identifier, ...(workflowOptions && { options: workflowOptions }) }],
    });
    return;
  }
  await client.workflow.signalWithStart(PRODUCT_SYNC_WORKFLOW, {
    ...common,
    workflowId: entityWorkflowId(ref),
    args: [{ ref, ...(workflowOptions && { options: workflowOptions }) }],
  });
}
