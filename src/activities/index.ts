/**
 * Activities: thin wrappers over the PIM reader and the destination.
 * Names and signatures are used by the workflow; client errors leave as `ApplicationFailure`s typed from `FailureType`.
 */
import { Context } from '@temporalio/activity';
import { contentDigest } from '../akeneo/content-digest';
import type { PimReader } from '../akeneo/types';
import type { Destination } from '../destination/destination';
import type { EntityRef } from '../domain/entity';
import type { WriteOutcome } from '../domain/write-outcome';
import { toDestinationFailure, toPimFailure } from './failure-mapping';

/** What the PIM holds for an entity right now; `digest` is absent in results recorded before digests. */
export type FetchedEntity = { found: true; version: string; digest?: string; data: unknown } | { found: false };

/** Dependencies of the activities, injected by the worker. */
export interface ActivityDeps {
  pim: PimReader;
  destination: Destination;
}

/** PIM-facing activities (run on the PIM task queue). `fetchEntity` stays for histories recorded before `syncEntity`. */
export function createPimActivities(deps: Pick<ActivityDeps, 'pim'>) {
  return {
    /** Fetches the entity from the PIM; `{found:false}` when the PIM answers 404. */
    fetchEntity: async (ref: EntityRef): Promise<FetchedEntity> => {
      const signal = Context.current().cancellationSignal;
      try {
        const data =
          ref.kind === 'product-model'
            ? await deps.pim.getProductModel(ref.id, signal)
            : await deps.pim.getProduct(ref.id, signal);
        return data ? { found: true, version: data.updated, digest: contentDigest(data), data } : { found: false };
      } catch (err) {
        throw toPimFailure(err);
      }
    },
  };
}

/** Destination-facing activities (run on the main task queue). */
export function createDestinationActivities(deps: Pick<ActivityDeps, 'destination'>) {
  return {
    /**
     * Writes the PIM's JSON of the entity to the third party (kept for histories recorded before `syncEntity`); `superseded` when it already holds a newer
     * version. `digest` is absent when scheduled by a workflow that predates it.
     */
    writeEntity: async (ref: EntityRef, data: unknown, version: string, digest?: string): Promise<WriteOutcome> => {
      try {
        return await deps.destination.upsert(ref, data, { version, digest }, Context.current().cancellationSignal);
      } catch (err) {
        throw toDestinationFailure(err);
      }
    },
    /**
     * Deletes the entity from the third party (already gone counts as done). `version` is the time of the
     * removal; histories recorded before it was passed call this with the ref alone: then it is now.
     */
    deleteEntity: async (ref: EntityRef, version?: string): Promise<WriteOutcome> => {
      try {
        const meta = { version: version ?? new Date().toISOString() };
        return await deps.destination.remove(ref, meta, Context.current().cancellationSignal);
      } catch (err) {
        throw toDestinationFailure(err);
      }
    },
  };
}

/** The PIM activities, as the workflow's `proxyActivities` sees them. */
export type PimActivities = ReturnType<typeof createPimActivities>;
/** The destination activities, as the workflow's `proxyActivities` sees them. */
export type DestinationActivities = ReturnType<typeof createDestinationActivities>;
