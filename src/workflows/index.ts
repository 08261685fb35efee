/**
 * The workflow functions the worker registers (its `workflowsPath` target).
 *
 * The SDK evaluates this module, and every module it imports, once per cached workflow (each
 * workflow has its own module cache in the shared V8 context). Product workflows are the thousands,
 * so only their module graph is imported here; the other workflows load theirs with `require` when
 * one of them runs. Measured by `npm run bench` (worker RSS after 10,000 product workflows).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
import type * as EventPlatformSubscription from './event-platform-subscription';
import type * as PimLease from './pim-lease';
import type * as ProductIdentifier from './product-identifier';
import type * as Reconcile from './reconcile';
import type * as StructureItem from './structure-item';
import type * as StructureLedger from './structure-ledger';
import type * as StructureSync from './structure-sync';

export { productSyncWorkflow } from './product-sync';

/** The scheduled reconciliation (see `./reconcile`). */
export function reconcileWorkflow(...a: Parameters<typeof Reconcile.reconcileWorkflow>): ReturnType<typeof Reconcile.reconcileWorkflow> {
  return (require('./reconcile') as typeof Reconcile).reconcileWorkflow(...a);
}

/** Resolves a legacy event's identifier to the product's uuid (see `./product-identifier`). */
export function productIdentifierWorkflow(
  ...a: Parameters<typeof ProductIdentifier.productIdentifierWorkflow>
): ReturnType<typeof ProductIdentifier.productIdentifierWorkflow> {
  return (require('./product-identifier') as typeof ProductIdentifier).productIdentifierWorkflow(...a);
}

/** The deployment's single PIM caller lease (see `./pim-lease`). */
export function pimLeaseWorkflow(...a: Parameters<typeof PimLease.pimLeaseWorkflow>): ReturnType<typeof PimLease.pimLeaseWorkflow> {
  return (require('./pim-lease') as typeof PimLease).pimLeaseWorkflow(...a);
}

/** An Event Platform subscription's state (see `./event-platform-subscription`). */
export function eventPlatformSubscriptionWorkflow(
  ...a: Parameters<typeof EventPlatformSubscription.eventPlatformSubscriptionWorkflow>
): ReturnType<typeof EventPlatformSubscription.eventPlatformSubscriptionWorkflow> {
  return (require('./event-platform-subscription') as typeof EventPlatformSubscription).eventPlatformSubscriptionWorkflow(...a);
}

/** One shard of the structure ledger (see `./structure-ledger`). */
export function structureLedgerWorkflow(
  ...a: Parameters<typeof StructureLedger.structureLedgerWorkflow>
): ReturnType<typeof StructureLedger.structureLedgerWorkflow> {
  return (require('./structure-ledger') as typeof StructureLedger).structureLedgerWorkflow(...a);
}

/** The scheduled catalogue structure sync (see `./structure-sync`). */
export function structureSyncWorkflow(...a: Parameters<typeof StructureSync.structureSyncWorkflow>): ReturnType<typeof StructureSync.structureSyncWorkflow> {
  return (require('./structure-sync') as typeof StructureSync).structureSyncWorkflow(...a);
}

/** One structure item kept in sync from its events (see `./structure-item`). */
export function structureItemWorkflow(...a: Parameters<typeof StructureItem.structureItemWorkflow>): ReturnType<typeof StructureItem.structureItemWorkflow> {
  return (require('./structure-item') as typeof StructureItem).structureItemWorkflow(...a);
}
