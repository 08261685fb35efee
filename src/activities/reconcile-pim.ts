/** Reconciliation activities that call the PIM: one request each, on the rate-limited PIM task queue. */
import { Context } from '@temporalio/activity';
import type { PimLister, PimPage } from '../akeneo/types';
import type { EntityKind } from '../workflows/definitions';
import { toPimFailure } from './failure-mapping';

/** Input of `listPimPage`: the first page (with an optional `updatedAfter`) or the page at `next`. */
export interface ListPimPageInput {
  kind: EntityKind;
  updatedAfter?: string;
  next?: string;
}

/** Creates the PIM-facing reconcile activities. */
export function createReconcilePimActivities(deps: { pim: PimLister }) {
  return {
    /** One page (≤ 100) of `{id, updated}` from the PIM's list endpoint, search_after pagination. */
    listPimPage: async (input: ListPimPageInput): Promise<PimPage> => {
      try {
        const options = input.next ? { next: input.next } : { updatedAfter: input.updatedAfter };
        return await deps.pim.listPage(input.kind, options, Context.current().cancellationSignal);
      } catch (err) {
        throw toPimFailure(err);
      }
    },
    /** The ids (≤ 100) the PIM no longer has. */
    findMissingInPim: async (input: { kind: EntityKind; ids: string[] }): Promise<string[]> => {
      try {
        const existing = new Set(await deps.pim.findExisting(input.kind, input.ids, Context.current().cancellationSignal));
        return input.ids.filter((id) => !existing.has(id));
      } catch (err) {
        throw toPimFailure(err);
      }
    },
  };
}

/** The PIM-facing reconcile activities, as the workflow sees them. */
export type ReconcilePimActivities = ReturnType<typeof createReconcilePimActivities>;
