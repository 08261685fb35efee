/** Workflow ids and task queue names: the one place they are spelled. */
import type { EntityRef } from '../domain/entity';

/** Workflow id of an entity: `product-<uuid>` or `product-model-<code>`. */
export function entityWorkflowId(ref: Pick<EntityRef, 'kind' | 'id'>): string {
  return ref.kind === 'product' ? `product-${ref.id}` : `product-model-${ref.id}`;
}

/**
 * Workflow id of the events of a product known only by its identifier (PIM 5.x/6.x payloads without uuid):
 * `product-identifier-<identifier>`. That workflow resolves the uuid and passes the events on.
 */
export function identifierWorkflowId(identifier: string): string {
  return `product-identifier-${identifier}`;
}

/** Task queue of the activities that call the PIM, whose concurrency is bounded per worker. */
export function pimTaskQueue(mainTaskQueue: string): string {
  return `${mainTaskQueue}-pim`;
}

/** Workflow id of the PIM lease of the workers polling `mainTaskQueue` (one PIM caller at a time). */
export function pimLeaseWorkflowId(mainTaskQueue: string): string {
  return `akeneo-pim-lease-${mainTaskQueue}`;
}

/** Default main task queue (overridden by `TEMPORAL_TASK_QUEUE`). */
export const DEFAULT_TASK_QUEUE = 'akeneo-sync';

/** Workflow id of an Event Platform subscription's status workflow: `event-platform-subscription-<id>`. */
export function subscriptionWorkflowId(subscriptionId: string): string {
  return `event-platform-subscription-${subscriptionId}`;
}

/**
 * Workflow id of the delta reconcile a subscription's resume starts: `event-platform-resume-<id>-<time>`,
 * the resume's timestamp in basic ISO form (`20260429T123456.000Z`), so a retried notification finds it started.
 */
export function resumeReconcileWorkflowId(subscriptionId: string, resumedAt: string): string {
  return `event-platform-resume-${subscriptionId}-${new Date(resumedAt).toISOString().replace(/[-:]/g, '')}`;
}

/**
 * Workflow id of structure ledger shard `n` of the deployment on `mainTaskQueue`:
 * `akeneo-structure-ledger-<task queue>-<n>` (per task queue, like the PIM lease: two deployments may share a namespace).
 */
export function structureLedgerWorkflowId(mainTaskQueue: string, shard: number): string {
  return `akeneo-structure-ledger-${mainTaskQueue}-${shard}`;
}

/**
 * Workflow id of the one-item sync a structure event starts: `akeneo-structure-item-<task queue>-<key>` (the key's
 * segments are already URL-encoded, see `structureKey`), so events of one item coalesce in one workflow.
 */
export function structureItemWorkflowId(mainTaskQueue: string, key: string): string {
  return `akeneo-structure-item-${mainTaskQueue}-${key}`;
}
