/** The workflow functions the worker registers (its `workflowsPath` target). */
export { productSyncWorkflow } from './product-sync';
export { reconcileWorkflow } from './reconcile';
export { productIdentifierWorkflow } from './product-identifier';
export { pimLeaseWorkflow } from './pim-lease';
export { eventPlatformSubscriptionWorkflow } from './event-platform-subscription';
export { structureLedgerWorkflow } from './structure-ledger';
export { structureSyncWorkflow } from './structure-sync';
export { structureItemWorkflow } from './structure-item';
