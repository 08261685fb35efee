/**
 * Builds the workers of one process: the main worker (workflows, destination and signalling activities)
 * and the PIM worker (every activity that calls the PIM, on its own task queue). Entity syncs run on the PIM
 * worker too (`syncEntity` reads and writes in one activity), so it has room for batches of them
 * ({@link PIM_WORKER_ACTIVITY_SLOTS}); the PIM's own limits are kept per HTTP request, whatever the
 * activity, by the REST client (`deps.pim`): its semaphore (`AKENEO_MAX_CONCURRENCY`) and its token bucket
 * (`AKENEO_MAX_RPS`), one per process, so with the PIM lease the deployment's.
 *
 * {@link createWorkers} runs the PIM worker unconditionally (one process: tests, the demo);
 * `createLeasedWorkers` (src/pim-lease/leased-workers.ts) runs it only while the process holds the PIM
 * lease, so a deployment of many processes has one PIM caller at a time.
 */
import type { Client } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createDestinationActivities, createPimActivities } from './activities';
import { createSyncActivities } from './activities/sync-entity';
import { MediaSync } from './activities/media-sync';
import { createIdentifierPimActivities, createIdentifierSignalActivities } from './activities/identifier-events';
import { createReconcilePimActivities } from './activities/reconcile-pim';
import { createReconcileSignalActivities } from './activities/reconcile-signals';
import { BatchedPimReader } from './akeneo/batched-reader';
import { ModelSearchSupport } from './akeneo/model-search-support';
import type { PimClient } from './akeneo/types';
import type { Destination } from './destination/destination';
import { DEFAULT_MEDIA_MAX_BYTES, PIM_LIST_MAX_LIMIT } from './domain/limits';
import { pimTaskQueue } from './workflows/ids';
import { createStructureActivities } from './activities/structure-sync';
import { StructureReader } from './akeneo/structure-reader';
import { temporalStructureLedger } from './structure/temporal-ledger';

/** Default ceiling of PIM requests per second for the deployment. */
export const DEFAULT_PIM_MAX_RPS = 20;

/**
 * Activities the PIM worker runs at once. Most are entity syncs, which wait for their batch's search and then
 * write to the third party: 200 leaves room for two full batches of 100 while the writes of others go on. It
 * is not the PIM's concurrency: that is the REST client's (`AKENEO_MAX_CONCURRENCY`), per request.
 */
export const PIM_WORKER_ACTIVITY_SLOTS = 200;

/** Options of {@link createWorkers}. */
export interface CreateWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** `pim`: the process's one PIM client, which bounds and paces its requests (`maxConcurrency`, `maxRequestsPerSecond`). */
  deps: { pim: PimClient; destination: Destination; client: Client };
  /** A prebuilt bundle (tests, production) or the source path to bundle at start-up. */
  workflows: Pick<WorkerOptions, 'workflowBundle'> | Pick<WorkerOptions, 'workflowsPath'>;
  /**
   * `AKENEO_MAX_RPS`, which sets the PIM task queue's activity limit (see {@link createPimWorker}); the PIM client
   * in `deps` paces the requests themselves.
   */
  pimMaxRps?: number;
  /** `MEDIA_MAX_BYTES`: media files larger than this are not transferred (default {@link DEFAULT_MEDIA_MAX_BYTES}). */
  mediaMaxBytes?: number;
  /** `MEDIA_KNOWN_TTL`: how long a media file is remembered as present (default 1 hour). */
  mediaKnownTtlMs?: number;
  /** Time in-flight activities get to finish on shutdown. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Entity and reconcile workflows kept in memory; the SDK's default grows with the heap limit. */
  maxCachedWorkflows?: number;
  /** STRUCTURE_WRITE_CONCURRENCY (default 4). */
  structureWriteConcurrency?: number;
  /** DELETE_POLICY for structure items an event finds gone (default `delete`). */
  structureDeletePolicy?: 'delete' | 'ignore';
}

/** The two workers of one process; run them together. */
export interface Workers {
  main: Worker;
  pim: Worker;
  /** Runs both until shutdown (SIGTERM/SIGINT or {@link Workers.shutdown}). */
  run(): Promise<void>;
  shutdown(): void;
}

/** Path of the workflows module, for `workflowsPath` and `bundleWorkflowCode`. */
export const WORKFLOWS_PATH = require.resolve('./workflows');

function common(o: CreateWorkersOptions) {
  return { connection: o.connection, namespace: o.namespace, shutdownGraceTime: o.shutdownGraceTime ?? '10s' };
}

/** Creates the main worker: every workflow, and the destination and signalling activities. */
export function createMainWorker(o: CreateWorkersOptions): Promise<Worker> {
  return Worker.create({
    ...common(o),
    ...o.workflows,
    taskQueue: o.taskQueue,
    ...(o.maxCachedWorkflows !== undefined && { maxCachedWorkflows: o.maxCachedWorkflows }),
    activities: {
      ...createDestinationActivities(o.deps),
      ...createReconcileSignalActivities({ client: o.deps.client, taskQueue: o.taskQueue }),
      ...createIdentifierSignalActivities({ client: o.deps.client, taskQueue: o.taskQueue }),
    },
  });
}

/** Whether the PIM searches product models by code, learnt once per process; a refusal is logged once. */
export function pimModelSearchSupport(): ModelSearchSupport {
  return new ModelSearchSupport((refusal) => {
    Runtime.instance().logger.warn('the PIM refuses to search product models by code: reading them one GET each from now on', { error: refusal.message });
  });
}

/**
 * Creates a PIM worker whose activities call the PIM through `pim` (the process's client, or a lease term's view
 * of it); its entity syncs read through one batching reader, which learns from `modelSearch` whether models can
 * be searched.
 */
export function createPimWorker(o: CreateWorkersOptions, pim: PimClient, modelSearch = pimModelSearchSupport()): Promise<Worker> {
  const reader = new BatchedPimReader(pim, { modelSearch });
  const media = new MediaSync({ pim, destination: o.deps.destination, maxBytes: o.mediaMaxBytes ?? DEFAULT_MEDIA_MAX_BYTES }, { knownTtlMs: o.mediaKnownTtlMs });
  return Worker.create({
    ...common(o),
    taskQueue: pimTaskQueue(o.taskQueue),
    activities: {
      ...createPimActivities({ pim }),
      ...createSyncActivities({ reader, destination: o.deps.destination, media }),
      ...createReconcilePimActivities({ pim, reader }),
      ...createIdentifierPimActivities({ pim }),
      ...createStructureActivities({
        reader: new StructureReader(pim),
        destination: o.deps.destination,
        ledger: temporalStructureLedger(o.deps.client, o.taskQueue),
        writeConcurrency: o.structureWriteConcurrency ?? 4,
        deletePolicy: o.structureDeletePolicy,
      }),
    },
    maxConcurrentActivityTaskExecutions: PIM_WORKER_ACTIVITY_SLOTS,
    // The server's limit counts activities, and one search serves up to 100 syncs: at AKENEO_MAX_RPS × 100 it
    // never binds (the client paces requests). Set rather than left out: a poll without it leaves the queue's
    // last rate in place (temporalio/temporal service/matching/matcher.go, UpdateRatelimit returns on nil), so
    // the 20 activities/s that earlier versions set would stay.
    maxTaskQueueActivitiesPerSecond: (o.pimMaxRps ?? DEFAULT_PIM_MAX_RPS) * PIM_LIST_MAX_LIMIT,
  });
}

/** Stops `worker` if it is running (idempotent: the Runtime may already have stopped it on SIGINT/SIGTERM). */
export function shutdownIfRunning(worker: Worker): void {
  if (worker.getState() === 'RUNNING') worker.shutdown();
}

/** Creates the main and PIM workers, the PIM worker always on (one process: tests and the demo). */
export async function createWorkers(o: CreateWorkersOptions): Promise<Workers> {
  const main = await createMainWorker(o);
  const pim = await createPimWorker(o, o.deps.pim);
  return {
    main,
    pim,
    run: async () => {
      await Promise.all([main.run(), pim.run()]);
    },
    shutdown: () => {
      for (const w of [main, pim]) shutdownIfRunning(w);
    },
  };
}
