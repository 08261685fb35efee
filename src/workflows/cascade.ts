/**
 * A product model's change, passed on to its descendants: variant products and sub-models merge their
 * ancestors' values into their own, but their `updated` stays (see README, "Product models"). Lists them
 * with the PIM's `parent` filter, page by page on the rate-limited PIM task queue, and signals those whose
 * content differs from what was last written; each descendant's own workflow fetches and writes it.
 */
import type { ActivityInterfaceFor } from '@temporalio/workflow';
import type { ReconcilePimActivities } from '../activities/reconcile-pim';
import type { ReconcileSignalActivities } from '../activities/reconcile-signals';
import type { EntityKind } from './definitions';

/** The activities a cascade uses. */
export interface CascadeActivities {
  pim: ActivityInterfaceFor<ReconcilePimActivities>;
  signals: ActivityInterfaceFor<ReconcileSignalActivities>;
}

/** Sub-models first (each passes the change on to its own variants too), then variant products. */
const DESCENDANT_KINDS: EntityKind[] = ['product-model', 'product'];

/**
 * Re-checks every child of product model `code`: `parent IN [code]` lists its direct children (sub-models and
 * variant products); a sub-model whose content changed passes the change on to its own variants in turn.
 * `observedBy` makes the event ids unique per sync.
 */
export async function cascadeToDescendants(code: string, observedBy: string, a: CascadeActivities): Promise<number> {
  let signalled = 0;
  for (const kind of DESCENDANT_KINDS) {
    let next: string | undefined;
    do {
      const page = await a.pim.listPimPages(next ? { kind, next } : { kind, parent: code });
      if (page.items.length > 0) {
        const counts = await a.signals.signalEntities({ kind, items: page.items, observedBy, source: 'cascade' });
        signalled += counts.signalled;
      }
      next = page.next;
    } while (next);
  }
  return signalled;
}
