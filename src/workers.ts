/**
 * Builds the worker pair of one process: the main worker (workflows, destination and signalling
 * activities) and the PIM worker (every activity that calls the PIM, on its own task queue: at most
 * AKENEO_MAX_CONCURRENCY at once per worker and `pimMaxRps` activities per second across the deployment).
 * The task queue's limit counts activities, and a reconcile activity makes several requests, so the PIM
 * worker's client is also paced by a token bucket at `pimMaxRps` requests per second for this process.
 */
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createDestinationActivities, createPimActivities } from './activities';
import { createIdentifierPimActivities, createIdentifierSignalActivities } from './activities/identifier-events';
import { createReconcilePimActivities } from './activities/reconcile-pim';
import { createReconcileSignalActivities } from './activities/reconcile-signals';
import { pacePimRequests } from './akeneo/paced-pim';
import { TokenBucket } from './akeneo/token-bucket';
import type { PimLister, PimReader } from './akeneo/types';
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
  deps: { pim: PimReader & PimLister; destination: Destination; client: Client };
  /** A prebuilt bundle (tests, production) or the source path to bundle at start-up. */
  workflows: Pick<WorkerOptions, 'workflowBundle'> | Pick<WorkerOptions, 'workflowsPath'>;
  /**
   * Ceiling of PIM requests per second: of PIM activities on the PIM task queue (enforced by the server, across
   * the deployment) and of this process's PIM requests (a token bucket, for activities that make several).
   */
  pimMaxRps?: number;
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

/** Creates the main and PIM workers. */
export async function createWorkers(o: CreateWorkersOptions): Promise<Workers> {
  const common = { connection: o.connection, namespace: o.namespace, shutdownGraceTime: o.shutdownGraceTime ?? '10s' };
  const main = await Worker.create({
    ...common,
    ...o.workflows,
    taskQueue: o.taskQueue,
    ...(o.maxCachedWorkflows !== undefined && { maxCachedWorkflows: o.maxCachedWorkflows }),
    activities: {
      ...createDestinationActivities(o.deps),
      ...createReconcileSignalActivities({ client: o.deps.client, taskQueue: o.taskQueue }),
      ...createIdentifierSignalActivities({ client: o.deps.client, taskQueue: o.taskQueue }),
    },
  });
  const maxRps = o.pimMaxRps ?? DEFAULT_PIM_MAX_RPS;
  const paced = pacePimRequests(o.deps.pim, new TokenBucket({ ratePerSecond: maxRps }));
  const pim = await Worker.create({
    ...common,
    taskQueue: pimTaskQueue(o.taskQueue),
    activities: { ...createPimActivities({ pim: paced }), ...createReconcilePimActivities({ pim: paced }), ...createIdentifierPimActivities({ pim: paced }) },
    maxConcurrentActivityTaskExecutions: DEFAULT_PIM_MAX_CONCURRENCY,
    maxTaskQueueActivitiesPerSecond: maxRps,
  });
  return {
    main,
    pim,
    run: async () => {
      await Promise.all([main.run(), pim.run()]);
    },
    shutdown: () => {
      // Idempotent: the Runtime may already have stopped them on SIGINT/SIGTERM.
      for (const w of [main, pim]) if (w.getState() === 'RUNNING') w.shutdown();
    },
  };
}
