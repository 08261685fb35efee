/**
 * Signals, queries and the payload types of the product entity workflow.
 * Shared by the API, the worker and the workflow bundle, so it imports nothing but the workflow API.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

/** What a workflow instance is about: a product (by uuid) or a product model (by code). */
export const EntityKind = { PRODUCT: 'product', PRODUCT_MODEL: 'product-model' } as const;
export type EntityKind = (typeof EntityKind)[keyof typeof EntityKind];

/** Identifies one synced entity. `id` is the product uuid or the product-model code. */
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
  /** Manual resync: fetch and write even if this version was written already. */
  force?: boolean;
  /** Reconcile found the entity gone from the PIM and the delete policy is `ignore`: record, don't delete. */
  keep?: boolean;
}

/** Sync status of an entity as operators see it. */
export const SyncStatus = { PENDING: 'pending', SYNCED: 'synced', FAILED: 'failed', DELETED: 'deleted' } as const;
export type SyncStatus = (typeof SyncStatus)[keyof typeof SyncStatus];

/** Kinds of history entries, oldest first in {@link SyncHistory.entries}. */
export const HistoryKind = {
  EVENT_ACCEPTED: 'event-accepted',
  IGNORED_DUPLICATE: 'ignored-duplicate',
  IGNORED_OUTDATED: 'ignored-outdated',
  IGNORED_UNCHANGED: 'ignored-unchanged',
  SYNCED: 'synced',
  UNCHANGED: 'unchanged',
  DELETED: 'deleted',
  SYNC_FAILED: 'sync-failed',
  /** Reconciliation found the entity gone from the PIM; the delete policy is `ignore`. */
  MISSING_IN_PIM: 'missing-in-pim',
} as const;
export type HistoryKind = (typeof HistoryKind)[keyof typeof HistoryKind];

/** One line of an entity's sync history. */
export interface HistoryEntry {
  /** Workflow time at which it was recorded, ISO-8601. */
  at: string;
  kind: HistoryKind;
  eventId?: string;
  eventDate?: string;
  detail?: string;
}

/** The answer of {@link syncHistoryQuery}: what `GET /products/:uuid/history` returns. */
export interface SyncHistory {
  ref: EntityRef;
  status: SyncStatus;
  /** The latest event date applied, ISO-8601 UTC. */
  latestEventDate?: string;
  /** The PIM `updated` of the version last written to the third party. */
  lastWrittenVersion?: string;
  entries: HistoryEntry[];
}

/** The memo of an entity workflow: what reconciliation reads to skip an unchanged entity without a signal. */
export interface SyncMemo {
  status: SyncStatus;
  lastWrittenVersion: string | null;
}

/** Delivers one event to the entity workflow. Wire name `entityEvent`. */
export const entityEventSignal = defineSignal<[EntityEvent]>('entityEvent');

/** Returns the entity's status and bounded sync history. Wire name `syncHistory`. */
export const syncHistoryQuery = defineQuery<SyncHistory>('syncHistory');
