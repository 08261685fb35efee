/**
 * Activities: thin wrappers over the PIM reader and the destination.
 * CONTRACT (implemented by the activities work): names and signatures below are used by the workflow.
 */
import type { PimReader } from '../akeneo/types';
import type { Destination } from '../destination/destination';
import type { EntityRef } from '../workflows/definitions';

/** What the PIM holds for an entity right now. */
export type FetchedEntity = { found: true; version: string; data: unknown } | { found: false };

/** Dependencies of the activities, injected by the worker. */
export interface ActivityDeps {
  pim: PimReader;
  destination: Destination;
}

/** PIM-facing activities (run on the PIM task queue, bounded concurrency). */
export function createPimActivities(deps: Pick<ActivityDeps, 'pim'>) {
  return {
    /** Fetches the entity from the PIM; `{found:false}` when the PIM answers 404. */
    async fetchEntity(ref: EntityRef): Promise<FetchedEntity> {
      void deps;
      void ref;
      throw new Error('not implemented');
    },
  };
}

/** Destination-facing activities (run on the main task queue). */
export function createDestinationActivities(deps: Pick<ActivityDeps, 'destination'>) {
  return {
    /** Writes the PIM's JSON of the entity to the third party. */
    async writeEntity(ref: EntityRef, data: unknown, version: string): Promise<void> {
      void deps;
      void ref;
      void data;
      void version;
      throw new Error('not implemented');
    },
    /** Deletes the entity from the third party (already gone counts as done). */
    async deleteEntity(ref: EntityRef): Promise<void> {
      void deps;
      void ref;
      throw new Error('not implemented');
    },
  };
}

export type PimActivities = ReturnType<typeof createPimActivities>;
export type DestinationActivities = ReturnType<typeof createDestinationActivities>;
