/**
 * First-load, reconcile and memory benchmark: N silent products in the PIM simulator (capped at 100 requests/s),
 * the worker in a child process (AKENEO_MAX_RPS=100). The first load, a full run as `resync-all` starts it, touches
 * every product workflow (the memory figure is read once they have synced); then, unless only the first load was
 * asked for, an unchanged delta, an unchanged full run, and a full run after 1 % of the products were deleted in the PIM.
 */
import { diffWithPim, inSync } from '../src/dev/compare';
import { SIM_CREDENTIALS } from '../src/dev/local-stack';
import type { DevServer } from '../src/dev/temporal-dev-server';
import { Catalog } from '../src/sim/catalog';
import { PimSimulator } from '../src/sim/pim-server';
import { ThirdPartySimulator } from '../src/sim/third-party-server';
import { DEFAULT_DELETE_MAX_FRACTION, type ReconcileCounts, type ReconcileInput, type ReconcileResult } from '../src/workflows/reconcile-definitions';
import { buildCompiledWorker } from './build-worker';
import { firstLoadBudgetS, type FirstLoadFigures } from './first-load';
import { startWorkerChild, type MemoryFigures, type WorkerChild } from './memory';
import type { WorkerSetup } from './options';
import { runBreakdown, type RunBreakdown } from './run-breakdown';
import { benchWorkerEnv } from './run-stack';
import { PIM_CAP_RPS } from './stack';
import { startBenchTemporal } from './temporal';
import { installQuietRuntime, onAbort, progress, round, until, withDeadline } from './util';

const TASK_QUEUE = 'bench-reconcile';

/** One reconcile run. */
export interface ReconcileRunFigures {
  seconds: number;
  pimRequests: number;
  /** PIM requests (list pages, existence checks) per second of the run. */
  pimRequestsPerS: number;
  /** {@link ReconcileRunFigures.pimRequestsPerS} over the PIM's cap (goal ≥ 0.8). */
  capShare: number;
  writes: number;
  deletes: number;
  counts: ReconcileCounts;
  breakdown: RunBreakdown;
}

/** Figures of the reconcile benchmark. */
export interface ReconcileFigures {
  products: number;
  pimCapRps: number;
  /** The first load over products nobody synced yet: the run itself, and until the third party equals the PIM (mode absent: delta, before issue 15). */
  initial: { runS: number; convergeS: number; syncsPerS: number; mode?: 'delta' | 'full' };
  unchangedDelta: ReconcileRunFigures;
  unchangedFull: ReconcileRunFigures;
  fullWithDeletions: ReconcileRunFigures;
  peakPimConcurrency: number;
  pimRateLimited: number;
}

interface Sims {
  catalog: Catalog;
  pim: PimSimulator;
  thirdParty: ThirdPartySimulator;
}

/** Polls until `value()` has not changed for `quietMs`. */
async function quiet(value: () => number, quietMs: number, timeoutMs: number, what: string): Promise<void> {
  let last = NaN;
  await until(
    () => {
      const now = value();
      const unchanged = now === last;
      last = now;
      return unchanged;
    },
    timeoutMs,
    what,
    quietMs,
  );
}

async function converge(sims: Sims, n: number, timeoutMs: number, worker: WorkerChild): Promise<void> {
  let lastReport = Date.now();
  await until(
    () => {
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        progress(`reconcile: ${sims.thirdParty.writes}/${n} products written; worker RSS ${worker.memory().rssMiB} MiB`);
      }
      // The full comparison copies both catalogs: only once every product has been written.
      return sims.thirdParty.writes - sims.thirdParty.deletes >= n && inSync(diffWithPim(sims.catalog, sims.thirdParty));
    },
    timeoutMs,
    'third party = PIM',
    1_000,
  );
}

async function reconcileRun(server: DevServer, sims: Sims, id: string, input: ReconcileInput, timeoutMs: number): Promise<[ReconcileRunFigures, ReconcileResult]> {
  const [requests0, writes0, deletes0] = [sims.pim.requestCount, sims.thirdParty.writes, sims.thirdParty.deletes];
  const t0 = Date.now();
  const ticker = setInterval(() => {
    progress(`reconcile: ${id} running for ${round((Date.now() - t0) / 1000, 0)} s: ${sims.pim.requestCount - requests0} PIM requests, ${sims.thirdParty.writes - writes0} writes`);
  }, 15_000);
  const result = (await withDeadline(
    server.env.client.workflow.execute('reconcileWorkflow', { taskQueue: TASK_QUEUE, workflowId: id, args: [input] }),
    timeoutMs,
    `reconcile run ${id}`,
  ).finally(() => clearInterval(ticker))) as ReconcileResult;
  const seconds = (Date.now() - t0) / 1000;
  const pimRequests = sims.pim.requestCount - requests0;
  const figures: ReconcileRunFigures = {
    seconds: round(seconds),
    pimRequests,
    pimRequestsPerS: round(pimRequests / seconds),
    capShare: round(pimRequests / seconds / PIM_CAP_RPS, 2),
    writes: sims.thirdParty.writes - writes0,
    deletes: sims.thirdParty.deletes - deletes0,
    counts: result.counts,
    breakdown: await runBreakdown(server.env.client, id),
  };
  progress(`reconcile: ${id}: ${figures.seconds} s, ${pimRequests} PIM requests (${figures.pimRequestsPerS}/s), ${figures.writes} writes, counts ${JSON.stringify(result.counts)}`);
  return [figures, result];
}

/** The first load's figures. */
function firstLoadFigures(n: number, runS: number, convergeS: number, pimRequests: number): FirstLoadFigures {
  return {
    products: n,
    mode: 'full',
    runS,
    convergeS: round(convergeS),
    productsPerS: round(n / convergeS),
    pimRequests,
    pimRequestsPerProduct: round(pimRequests / n, 3),
    budgetS: firstLoadBudgetS(n),
  };
}

/** What {@link benchReconcile} measured: the first load always, the rest unless only the first load was asked for. */
export interface ReconcileBenchFigures {
  firstLoad: FirstLoadFigures;
  reconcile?: ReconcileFigures;
  memory?: MemoryFigures;
}

/** The first load's input: what `resync-all` passes with the default config (delete policy and guard). */
const FIRST_LOAD_INPUT: ReconcileInput = { mode: 'full', deletePolicy: 'delete', deleteMaxFraction: DEFAULT_DELETE_MAX_FRACTION };

/** Runs the benchmark over `n` products; with `firstLoadOnly`, stops after the first load. */
export async function benchReconcile(n: number, setup: WorkerSetup, o: { firstLoadOnly?: boolean } = {}): Promise<ReconcileBenchFigures> {
  installQuietRuntime();
  const catalog = new Catalog();
  const sims: Sims = { catalog, pim: new PimSimulator({ catalog, ...SIM_CREDENTIALS, maxRequestsPerSecond: PIM_CAP_RPS }), thirdParty: new ThirdPartySimulator() };
  const server = await startBenchTemporal();
  let worker: WorkerChild | undefined;
  const close = async (): Promise<void> => {
    unregister();
    await worker?.stop();
    await Promise.all([sims.pim.close(), sims.thirdParty.close()]);
    await server.stop();
  };
  const unregister = onAbort(close);
  try {
    await sims.pim.start();
    await sims.thirdParty.start();
    catalog.seed(n, { silent: true });
    progress(`reconcile: ${n} silent products in the PIM; starting the worker process`);
    const env = benchWorkerEnv({ temporalAddress: server.address, taskQueue: TASK_QUEUE, pimUrl: sims.pim.url, thirdPartyUrl: sims.thirdParty.url, nodeOptions: setup.nodeOptions });
    worker = await startWorkerChild(env, setup.compiled ? { compiledWorker: await buildCompiledWorker() } : 'ts-node');
    const rssIdleMiB = worker.memory().rssMiB;
    progress(`reconcile: worker ready (RSS ${rssIdleMiB} MiB); first load: a full run (as resync-all) over ${n} new products`);

    const [t0, pim0] = [Date.now(), sims.pim.requestCount];
    const runTimeout = 120_000 + n * 20;
    // The first load is one GET per product at the simulated PIM's 100 ms, 4 at a time (measured 17.7/s): allow 150 ms each.
    const firstLoadTimeout = 120_000 + n * 150;
    const [initial] = await reconcileRun(server, sims, 'bench-first-load', FIRST_LOAD_INPUT, firstLoadTimeout);
    await converge(sims, n, firstLoadTimeout, worker);
    const convergeS = (Date.now() - t0) / 1000;
    const firstLoad = firstLoadFigures(n, initial.seconds, convergeS, sims.pim.requestCount - pim0);
    progress(`reconcile: third party = PIM after ${firstLoad.convergeS} s (${firstLoad.productsPerS} products/s, ${firstLoad.pimRequests} PIM requests)`);
    if (o.firstLoadOnly) return { firstLoad };
    await quiet(() => sims.pim.requestCount + sims.thirdParty.writes, 3_000, 120_000, 'worker quiet after the first load');
    const rssAfterTouchMiB = worker.memory().rssMiB;
    progress(`reconcile: worker RSS ${rssAfterTouchMiB} MiB after touching ${n} workflows`);

    const since = new Date(0).toISOString();
    const [unchangedDelta] = await reconcileRun(server, sims, 'bench-unchanged-delta', { mode: 'delta', since }, runTimeout);
    const [unchangedFull] = await reconcileRun(server, sims, 'bench-unchanged-full', { mode: 'full', deletePolicy: 'delete' }, runTimeout);
    const gone = catalog.list().slice(0, Math.ceil(n / 100));
    for (const p of gone) catalog.removeProduct(p.uuid, { silent: true });
    const [writesBefore, deletesBefore] = [sims.thirdParty.writes, sims.thirdParty.deletes];
    const [fullWithDeletions] = await reconcileRun(server, sims, 'bench-full-deletions', { mode: 'full', deletePolicy: 'delete' }, runTimeout);
    // The entity workflows delete after the run has signalled them: count once the third party equals the PIM.
    await converge(sims, n - gone.length, 120_000 + gone.length * 100, worker);
    fullWithDeletions.writes = sims.thirdParty.writes - writesBefore;
    fullWithDeletions.deletes = sims.thirdParty.deletes - deletesBefore;
    const end = worker.memory();
    return {
      firstLoad,
      reconcile: {
        products: n,
        pimCapRps: PIM_CAP_RPS,
        initial: { runS: initial.seconds, convergeS: firstLoad.convergeS, syncsPerS: firstLoad.productsPerS, mode: 'full' },
        unchangedDelta,
        unchangedFull,
        fullWithDeletions,
        peakPimConcurrency: sims.pim.peakConcurrency,
        pimRateLimited: sims.pim.rateLimitedCount,
      },
      memory: {
        worker: `${setup.compiled ? 'node worker.js (compiled, prebuilt bundle)' : 'node -r ts-node/register/transpile-only src/worker.ts'}${setup.nodeOptions ? `, NODE_OPTIONS=${setup.nodeOptions}` : ''}`,
        workflowsTouched: n,
        rssIdleMiB,
        rssAfterTouchMiB,
        rssEndMiB: end.rssMiB,
        peakRssMiB: end.hwmMiB,
      },
    };
  } finally {
    await close();
  }
}
