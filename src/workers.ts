/**
 * Builds the workers of one process: the main worker (workflows, destination and signalling activities)
 * and the PIM worker (every activity that calls the PIM, on its own task queue: at most
 * `pimMaxConcurrency` at once and `pimMaxRps` activities per second across the deployment). The task
 * queue's limit counts activities, and a reconcile activity makes several requests, so the PIM worker's
 * client is also paced by a token bucket at `pimMaxRps` requests per second for this process.
 *
 * {@link createWorkers} runs the PIM worker unconditionally (one process: tests, the demo);
 * `createLeasedWorkers` (src/pim-lease/leased-workers.ts) runs it only while the process holds the PIM
 * lease, so a deployment of many processes has one PIM caller at a time.
 */
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createDestinationActivities, createPimActivities } from './activities';
import { createIdentifierPimActivities, createIdentifierSignalActivities } from './activities/identifier-events';
import { createReconcilePimActivities } from './activities/reconcile-pim';
import { createReconcileSignalActivities } from './activities/reconcile-signals';
import { pacePimRequests } from './akeneo/paced-pim';
import { TokenBucket } from './akeneo/token-bucket';
import type { PimClient } from './akeneo/types';
import type { Destination } from './destination/destination';
import { DEFAULT_PIM_MAX_CONCURRENCY } from './domain/limits';
import { pimTaskQueue } from './workflows/ids';

/** Default ceiling of PIM requests per second for the deployment. */
export const DEFAULT_PIM_MAX_RPS = 20;

/** Options of {@link createWorkers}. */
export interface CreateWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: { pim: PimClient; destination: Destination; client: Client };
  /** A prebuilt bundle (tests, production) or the source path to bundle at start-up. */
  workflows: Pick<WorkerOptions, 'workflowBundle'> | Pick<WorkerOptions, 'workflowsPath'>;
  /**
   * Ceiling of PIM requests per second: of PIM activities on the PIM task queue (enforced by the server, across
   * the deployment) and of this process's PIM requests (a token bucket, for activities that make several).
   */
  pimMaxRps?: number;
  /** Most PIM activities the PIM worker runs at once (default {@link DEFAULT_PIM_MAX_CONCURRENCY}). */
  pimMaxConcurrency?: number;
  /** Time in-flight activities get to finish on shutdown. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Entity and reconcile workflows kept in memory; the SDK's default grows with the heap limit. */
  maxCachedWorkflows?: number;
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

/** This process's PIM client, paced by a token bucket at `pimMaxRps` requests per second. */
export function pacedPimClient(o: CreateWorkersOptions): PimClient {
  return pacePimRequests(o.deps.pim, new TokenBucket({ ratePerSecond: o.pimMaxRps ?? DEFAULT_PIM_MAX_RPS }));
}

/** Creates a PIM worker whose activities call the PIM through `pim` (see {@link pacedPimClient}). */
export function createPimWorker(o: CreateWorkersOptions, pim: PimClient): Promise<Worker> {
  return Worker.create({
    ...common(o),
    taskQueue: pimTaskQueue(o.taskQueue),
    activities: { ...createPimActivities({ pim }), ...createReconcilePimActivities({ pim }), ...createIdentifierPimActivities({ pim }) },
    maxConcurrentActivityTaskExecutions: o.pimMaxConcurrency ?? DEFAULT_PIM_MAX_CONCURRENCY,
    maxTaskQueueActivitiesPerSecond: o.pimMaxRps ?? DEFAULT_PIM_MAX_RPS,
  });
}

/** Stops `worker` if it is running (idempotent: the Runtime may already have stopped it on SIGINT/SIGTERM). */
export function shutdownIfRunning(worker: Worker): void {
  if (worker.getState() === 'RUNNING') worker.shutdown();
}

/** Creates the main and PIM workers, the PIM worker always on (one process: tests and the demo). */
export async function createWorkers(o: CreateWorkersOptions): Promise<Workers> {
  const main = await createMainWorker(o);
  const pim = await createPimWorker(o, pacedPimClient(o));
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
