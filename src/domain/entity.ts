/**
 * The entities the service syncs and the events about them: shared by the PIM client, the destinations,
 * the activities, the API and the workflows. Plain types and `as const` objects only (workflow-safe).
 */

/** What a workflow instance is about: a product (by uuid) or a product model (by code). */
export const EntityKind = { PRODUCT: 'product', PRODUCT_MODEL: 'product-model' } as const;
export type EntityKind = (typeof EntityKind)[keyof typeof EntityKind];

/**
 * Identifies one synced entity. `id` is the product uuid or the product-model code; it is empty for a product
 * event that carried only an `identifier` (PIMs before 7.0), which the worker resolves to the uuid.
 */
export interface EntityRef {
  kind: EntityKind;
  id: string;
  /** Product identifier (SKU) when the event carried one; informational only. */
  identifier?: string;
}

/** What happened to the entity in the PIM. */
export const EventAction = { CREATED: 'created', UPDATED: 'updated', REMOVED: 'removed' } as const;
export type EventAction = (typeof EventAction)[keyof typeof EventAction];

/** Where an event came from. */
export const EventSource = {
  EVENTS_API: 'events-api',
  EVENT_PLATFORM: 'event-platform',
  RECONCILE: 'reconcile',
  MANUAL: 'manual',
  /** A product model's change, passed on to its sub-models and variant products (they inherit its values). */
  CASCADE: 'cascade',
  /** The entity workflow's own retry of a failed sync. */
  RETRY: 'retry',
} as const;
export type EventSource = (typeof EventSource)[keyof typeof EventSource];

/** One change notification for one entity: identifiers only, never the product payload. */
export interface EntityEvent {
  ref: EntityRef;
  /** Akeneo's event id (`event_id` or CloudEvents `id`); the dedupe key. */
  eventId: string;
  action: EventAction;
  /** When the change happened in the PIM, ISO-8601 UTC. */
  eventDate: string;
  source: EventSource;
  /** The PIM's `updated` of the entity when the sender knew it (reconciliation), ISO-8601 UTC. */
  version?: string;
  /**
   * Content digest of the entity as the sender saw it (reconciliation, cascades). An event with a digest
   * is an observation of the PIM now: never outdated, and ignored when that content is already written.
   */
  digest?: string;
  /** Manual resync: fetch and write even if this version was written already. */
  force?: boolean;
  /** Reconcile found the entity gone from the PIM and the delete policy is `ignore`: record, don't delete. */
  keep?: boolean;
}
