/**
 * The workers of a worker process in a deployment: the main worker always, the PIM worker only while
 * this process holds the PIM lease (so the PIM sees one caller, whatever the number of processes).
 */
import type { Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { cutOffPimRequests } from '../akeneo/cut-off-pim';
import { createMainWorker, createPimWorker, pimModelSearchSupport, shutdownIfRunning, type CreateWorkersOptions } from '../workers';
import { PimLeaseKeeper } from './keeper';
import { temporalPimLease } from './temporal-lease';
import type { PimLeaseTiming } from './types';

/** Options of {@link createLeasedWorkers}. */
export interface CreateLeasedWorkersOptions extends CreateWorkersOptions {
  /** Unique per process (e.g. host, pid and a random suffix). */
  holderId: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  timing?: PimLeaseTiming;
  /** Told each time this process starts or stops being the PIM caller. */
  onHoldingChange?: (holding: boolean) => void;
}

/** The main worker and the lease keeper that runs the PIM worker. */
export interface LeasedWorkers {
  main: Worker;
  keeper: PimLeaseKeeper;
  /**
   * Runs until {@link LeasedWorkers.shutdown}: then the PIM worker drains (keeping the lease meanwhile),
   * the lease is released, and only then the main worker drains (a main worker processes the release).
   */
  run(): Promise<void>;
  shutdown(): void;
}

/** Creates the main worker and a lease keeper that runs a new PIM worker for each term it holds the lease. */
export async function createLeasedWorkers(o: CreateLeasedWorkersOptions): Promise<LeasedWorkers> {
  const main = await createMainWorker(o);
  // One PIM client (and so one token bucket) per process, across its terms: with one caller at a time it is the
  // deployment's. What the PIM can search is learnt once per process too.
  const modelSearch = pimModelSearchSupport();
  const keeper = new PimLeaseKeeper({
    service: temporalPimLease(o.deps.client, o.taskQueue),
    holderId: o.holderId,
    logger: o.logger,
    timing: o.timing,
    onHoldingChange: o.onHoldingChange,
    startCaller: async (lost) => {
      // Batches are read through the cut-off client: losing the lease aborts a batch's search as well.
      const worker = await createPimWorker(o, cutOffPimRequests(o.deps.pim, lost), modelSearch);
      return { done: worker.run(), drain: () => shutdownIfRunning(worker) };
    },
  });
  return {
    main,
    keeper,
    run: async () => {
      const results = await Promise.allSettled([
        keeper.run().finally(() => shutdownIfRunning(main)),
        main.run().finally(() => keeper.stop()),
      ]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
    shutdown: () => keeper.stop(),
  };
}
