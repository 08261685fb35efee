/**
 * Builds the worker pair of one process: the main worker (workflows and destination activities) and
 * the PIM worker (PIM activities on their own task queue, at most PIM_MAX_CONCURRENCY at once).
 */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createDestinationActivities, createPimActivities, type ActivityDeps } from './activities';
import { PIM_MAX_CONCURRENCY, pimTaskQueue } from './workflows/ids';

/** Options of {@link createWorkers}. */
export interface CreateWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests, production) or the source path to bundle at start-up. */
  workflows: Pick<WorkerOptions, 'workflowBundle'> | Pick<WorkerOptions, 'workflowsPath'>;
  /** Seconds in-flight activities get to finish on shutdown. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
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
    activities: createDestinationActivities(o.deps),
  });
  const pim = await Worker.create({
    ...common,
    taskQueue: pimTaskQueue(o.taskQueue),
    activities: createPimActivities(o.deps),
    maxConcurrentActivityTaskExecutions: PIM_MAX_CONCURRENCY,
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
