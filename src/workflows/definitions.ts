/**
 * Signals, queries and the payload types of the product entity workflow.
 * Shared by the API, the worker and the workflow bundle, so it imports nothing but the workflow API and
 * the domain types.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { EntityEvent, EntityRef } from '../domain/entity';

export { EntityKind, EventAction, EventSource, type EntityEvent, type EntityRef } from '../domain/entity';

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
  /** The back-off of a failed sync ran out; the workflow tries it again. */
  RETRY: 'retry',
  /** The third party refused the write because it already holds a newer version (409/412): done. */
  SUPERSEDED: 'superseded',
  /** Reconciliation found the entity gone from the PIM; the delete policy is `ignore`. */
  MISSING_IN_PIM: 'missing-in-pim',
  /** Media files the entity uses were not transferred (over `MEDIA_MAX_BYTES`, or gone from the PIM); it was written all the same. */
  MEDIA_SKIPPED: 'media-skipped',
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
  /** Deliveries this entry stands for when more than one: consecutive `ignored-duplicate`s share one entry. */
  count?: number;
}

/** The answer of {@link syncHistoryQuery}: what `GET /products/:uuid/history` returns. */
export interface SyncHistory {
  ref: EntityRef;
  status: SyncStatus;
  /** The latest event date applied, ISO-8601 UTC. */
  latestEventDate?: string;
  /** The PIM `updated` of the version last written to the third party. */
  lastWrittenVersion?: string;
  /** Content digest of what was last written (sha256 of the PIM's JSON, keys sorted). */
  lastWrittenDigest?: string;
  /** When the workflow retries its failed sync next, ISO-8601. */
  retryAt?: string;
  /** Deliveries of an already-seen event id ignored so far (not reset by continue-as-new). */
  duplicatesIgnored?: number;
  entries: HistoryEntry[];
}

/** The memo of an entity workflow: what reconciliation reads to skip an unchanged entity without a signal. */
export interface SyncMemo {
  status: SyncStatus;
  lastWrittenVersion: string | null;
  /** Absent in memos written before digests existed: reconciliation then compares versions. */
  lastWrittenDigest?: string | null;
}

/** Delivers one event to the entity workflow. Wire name `entityEvent`. */
export const entityEventSignal = defineSignal<[EntityEvent]>('entityEvent');

/** Returns the entity's status and bounded sync history. Wire name `syncHistory`. */
export const syncHistoryQuery = defineQuery<SyncHistory>('syncHistory');
