/**
 * `product-identifier-<identifier>`: receives the events of a product known only by its identifier (the
 * payloads of PIMs before 7.0), resolves the uuid in the worker and passes them on to `product-<uuid>`,
 * then completes. The webhook never waits for the PIM: it only signals this workflow.
 */
import { allHandlersFinished, condition, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { IdentifierPimActivities, IdentifierSignalActivities } from '../activities/identifier-events';
import { PIM_ACTIVITY_OPTIONS, SIGNAL_ACTIVITY_OPTIONS } from './activity-options';
import { entityEventSignal, type EntityEvent } from './definitions';
import { pimTaskQueue } from './ids';
import type { ProductSyncOptions } from './product-sync';

/** Input of {@link productIdentifierWorkflow}. */
export interface ProductIdentifierInput {
  identifier: string;
  /** Passed to the product workflows it starts (tests). */
  options?: ProductSyncOptions;
}

/** What one run did. */
export interface ProductIdentifierResult {
  /** Events passed on, by the uuid they went to. */
  forwarded: Record<string, number>;
  /** Events dropped: no product in the PIM or in the sync state has this identifier. */
  unresolved: number;
}

/** Resolves `identifier` to a uuid and forwards every event it receives until none is left. */
export async function productIdentifierWorkflow(input: ProductIdentifierInput): Promise<ProductIdentifierResult> {
  const queue: EntityEvent[] = [];
  setHandler(entityEventSignal, (event) => void queue.push(event));
  const pim = proxyActivities<IdentifierPimActivities>({ ...PIM_ACTIVITY_OPTIONS, taskQueue: pimTaskQueue(workflowInfo().taskQueue) });
  const temporal = proxyActivities<IdentifierSignalActivities>(SIGNAL_ACTIVITY_OPTIONS);
  const result: ProductIdentifierResult = { forwarded: {}, unresolved: 0 };
  const { identifier } = input;

  // A removal names the product the sync state knows (the PIM no longer has it, and another product may
  // already carry the identifier); a create or update names the one the PIM has now.
  const resolve = async (removal: boolean): Promise<string | null> =>
    removal ? temporal.findSyncedProductUuid(identifier) : ((await pim.resolveProductUuid(identifier)) ?? temporal.findSyncedProductUuid(identifier));

  await condition(() => queue.length > 0);
  while (queue.length > 0) {
    const batch = queue.splice(0);
    for (const removal of [false, true]) {
      const events = batch.filter((e) => (e.action === 'removed') === removal);
      if (events.length === 0) continue;
      const uuid = await resolve(removal);
      if (uuid === null) {
        log.warn('no product has this identifier; events dropped', { identifier, events: events.length });
        result.unresolved += events.length;
        continue;
      }
      await temporal.forwardEvents({ uuid, identifier, events, ...(input.options && { options: input.options }) });
      result.forwarded[uuid] = (result.forwarded[uuid] ?? 0) + events.length;
    }
    await condition(allHandlersFinished);
  }
  return result;
}
