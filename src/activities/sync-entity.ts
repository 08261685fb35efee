/**
 * The entity sync as one activity on the PIM task queue: read the entity (batched with the other syncs due at
 * the same time), write it to the third party unless that content is already there, and return only what the
 * workflow records. The entity's JSON never enters a workflow history, whatever its size.
 */
import { Context } from '@temporalio/activity';
import { contentDigest } from '../akeneo/content-digest';
import { mediaCodesOf } from '../akeneo/media-codes';
import type { PimEntity, PimEntityReader } from '../akeneo/types';
import type { Destination } from '../destination/destination';
import type { EntityRef } from '../domain/entity';
import { isWritten, type WriteCheck } from '../workflows/product-state';
import { ActivityLiveness } from './activity-liveness';
import { toDestinationFailure, toPimFailure } from './failure-mapping';
import type { MediaSync } from './media-sync';

/** Input of `syncEntity`: the entity, and what tells whether its content is already written. */
export interface SyncEntityInput extends WriteCheck {
  ref: EntityRef;
}

/** What `syncEntity` did with content it found: wrote it, found a newer version at the third party, or skipped it. */
export type SyncWriteOutcome = 'written' | 'superseded' | 'unchanged';

/**
 * What `syncEntity` returns: the PIM's `updated` and the content digest, never the content; `mediaSkipped`, the
 * media files the entity uses that were not transferred (over `MEDIA_MAX_BYTES`, or gone from the PIM).
 */
export type SyncEntityResult =
  | { found: false }
  | { found: true; version: string; digest: string; outcome: SyncWriteOutcome; mediaSkipped?: string[] };

/** Dependencies of the sync activity: a (batching) reader of the PIM and the third party. */
export interface SyncActivityDeps {
  reader: PimEntityReader;
  destination: Destination;
  /** Brings the entity's media files to the third party before it is written (no media are followed without it). */
  media?: MediaSync;
}

/** Creates the sync activity (PIM task queue: only the holder of the PIM lease reads the PIM). */
export function createSyncActivities(deps: SyncActivityDeps) {
  return {
    /**
     * Reads the entity and writes it to the third party unless `lastWrittenDigest` shows its content is already
     * there (and the sync is not forced); `{found:false}` when the PIM answers 404, for the workflow to delete it.
     * Heartbeats throughout, during media transfers only while they progress (see {@link ActivityLiveness}).
     */
    syncEntity: async (input: SyncEntityInput): Promise<SyncEntityResult> => {
      const ctx = Context.current();
      const liveness = new ActivityLiveness({ heartbeat: () => ctx.heartbeat(), heartbeatTimeoutMs: ctx.info.heartbeatTimeoutMs, parent: ctx.cancellationSignal });
      try {
        return await syncOne(deps, input, liveness);
      } finally {
        liveness.stop();
      }
    },
  };
}

/** One attempt of `syncEntity`. */
async function syncOne(deps: SyncActivityDeps, input: SyncEntityInput, liveness: ActivityLiveness): Promise<SyncEntityResult> {
  const { ref } = input;
  const signal = liveness.signal;
  let entity: PimEntity | undefined;
  try {
    entity = await deps.reader.read(ref.kind, ref.id, signal);
  } catch (err) {
    throw toPimFailure(err);
  }
  if (!entity) return { found: false };
  const version = entity.updated;
  const digest = contentDigest(entity);
  if (isWritten(input, digest)) return { found: true, version, digest, outcome: 'unchanged' };
  const mediaSkipped = await ensureMedia(deps.media, entity, liveness);
  try {
    const outcome = await deps.destination.upsert(ref, entity, { version, digest }, signal);
    return { found: true, version, digest, outcome, ...(mediaSkipped.length > 0 && { mediaSkipped }) };
  } catch (err) {
    throw toDestinationFailure(err);
  }
}

/** The entity's media files brought to the third party first; resolves with those not transferred. */
async function ensureMedia(media: MediaSync | undefined, entity: PimEntity, liveness: ActivityLiveness): Promise<string[]> {
  const codes = media ? mediaCodesOf(entity) : [];
  if (!media || codes.length === 0) return [];
  try {
    return await liveness.transfer((onProgress) => media.ensure(codes, { signal: liveness.signal, onProgress, stalledAfterMs: liveness.heartbeatTimeoutMs }));
  } catch (err) {
    // Either side may fail: each mapping leaves the other's errors (and cancellations) as they are.
    throw toPimFailure(toDestinationFailure(err));
  }
}

/** The sync activity, as the workflow's `proxyActivities` sees it. */
export type SyncActivities = ReturnType<typeof createSyncActivities>;
