/**
 * Structure benchmark (issue 14): a catalogue of N attributes, options and categories in the PIM simulator (its
 * realistic 100 ms per call, capped at 100 calls/s), the worker in a child process (AKENEO_MAX_RPS=100). A first
 * structure sync into an empty third party, then an unchanged re-run, timed against the listing baseline: the
 * same pages listed straight through the service's PIM client (bench/structure-baseline.ts).
 */
import { structureCounts, type StructureKindCount } from '../src/dev/compare-structure';
import { SIM_CREDENTIALS } from '../src/dev/local-stack';
import type { DevServer } from '../src/dev/temporal-dev-server';
import { Catalog } from '../src/sim/catalog';
import { PimSimulator } from '../src/sim/pim-server';
import { ThirdPartySimulator } from '../src/sim/third-party-server';
import { DEFAULT_DELETE_MAX_FRACTION } from '../src/workflows/reconcile-definitions';
import { STRUCTURE_SYNC_WORKFLOW, type StructureSyncInput, type StructureSyncResult } from '../src/workflows/structure-sync-definitions';
import { buildCompiledWorker } from './build-worker';
import { startWorkerChild, type WorkerChild } from './memory';
import type { BenchSizes, WorkerSetup } from './options';
import { runBreakdown, type RunBreakdown } from './run-breakdown';
import { benchWorkerEnv } from './run-stack';
import { PIM_CAP_RPS } from './stack';
import { measureListingBaseline, type ListingBaseline } from './structure-baseline';
import { startBenchTemporal } from './temporal';
import { installQuietRuntime, onAbort, progress, round, withDeadline } from './util';

const TASK_QUEUE = 'bench-structure';

/** One structure run. */
export interface StructureRunFigures {
  seconds: number;
  pimRequests: number;
  /** PUTs and DELETEs the third party received. */
  writes: number;
  counts: StructureSyncResult;
  breakdown: RunBreakdown;
}

/** Figures of the structure benchmark. */
export interface StructureFigures {
  seed: { attributes: number; options: number; categories: number };
  pimCapRps: number;
  first: StructureRunFigures;
  /** Items per kind in the PIM and at the third party after the first run. */
  kinds: StructureKindCount[];
  unchanged: StructureRunFigures;
  baseline: ListingBaseline;
  /** The re-run's time over the baseline's (goal ≤ 1.2). */
  ratio: number;
}

const INPUT: StructureSyncInput = { deletePolicy: 'delete', deleteMaxFraction: DEFAULT_DELETE_MAX_FRACTION };

async function run(server: DevServer, pim: PimSimulator, thirdParty: ThirdPartySimulator, id: string, timeoutMs: number): Promise<StructureRunFigures> {
  const [requests0, writes0] = [pim.requestCount, thirdParty.structure.puts + thirdParty.structure.deletes];
  const t0 = Date.now();
  const ticker = setInterval(() => {
    progress(`structure: ${id} running for ${round((Date.now() - t0) / 1000, 0)} s: ${pim.requestCount - requests0} PIM requests, ${thirdParty.structure.puts - writes0} writes`);
  }, 15_000);
  const counts = (await withDeadline(
    server.env.client.workflow.execute(STRUCTURE_SYNC_WORKFLOW, { taskQueue: TASK_QUEUE, workflowId: id, args: [INPUT] }),
    timeoutMs,
    `structure run ${id}`,
  ).finally(() => clearInterval(ticker))) as StructureSyncResult;
  const seconds = (Date.now() - t0) / 1000;
  const figures: StructureRunFigures = {
    seconds: round(seconds, 2),
    pimRequests: pim.requestCount - requests0,
    writes: thirdParty.structure.puts + thirdParty.structure.deletes - writes0,
    counts,
    breakdown: await runBreakdown(server.env.client, id),
  };
  progress(`structure: ${id}: ${figures.seconds} s, ${figures.pimRequests} PIM requests, ${figures.writes} writes`);
  return figures;
}

/** Runs the structure benchmark at the sizes of `sizes.structure`. */
export async function benchStructure(sizes: BenchSizes, setup: WorkerSetup): Promise<StructureFigures> {
  installQuietRuntime();
  const seed = sizes.structure;
  const pim = new PimSimulator({ catalog: new Catalog(), ...SIM_CREDENTIALS, maxRequestsPerSecond: PIM_CAP_RPS });
  const thirdParty = new ThirdPartySimulator();
  const server = await startBenchTemporal();
  let worker: WorkerChild | undefined;
  const close = async (): Promise<void> => {
    unregister();
    await worker?.stop();
    await Promise.all([pim.close(), thirdParty.close()]);
    await server.stop();
  };
  const unregister = onAbort(close);
  try {
    await pim.start();
    await thirdParty.start();
    pim.structure.seed(seed);
    const env = benchWorkerEnv({ temporalAddress: server.address, taskQueue: TASK_QUEUE, pimUrl: pim.url, thirdPartyUrl: thirdParty.url, nodeOptions: setup.nodeOptions });
    worker = await startWorkerChild({ ...env, STRUCTURE_ENABLED: 'false' }, setup.compiled ? { compiledWorker: await buildCompiledWorker() } : 'ts-node');
    progress(`structure: ${seed.attributes} attributes, ${seed.options} options, ${seed.categories} categories in the PIM; worker ready`);
    const timeoutMs = 120_000 + seed.options * 20;
    const first = await run(server, pim, thirdParty, 'bench-structure-first', timeoutMs);
    const kinds = structureCounts(pim, thirdParty);
    progress(`structure: after the first run, PIM / third party per kind: ${kinds.map((k) => `${k.kind} ${k.pim}/${k.thirdParty}`).join(', ')}`);
    const unchanged = await run(server, pim, thirdParty, 'bench-structure-unchanged', timeoutMs);
    const baseline = await measureListingBaseline(pim.url, PIM_CAP_RPS);
    const ratio = round(unchanged.seconds / baseline.seconds, 2);
    progress(
      `structure: listing baseline ${baseline.seconds} s for ${baseline.pages} pages (floor at ${baseline.maxRps}/s: ${baseline.floorS} s); ` +
        `unchanged re-run ${unchanged.seconds} s = × ${ratio}`,
    );
    return { seed, pimCapRps: PIM_CAP_RPS, first, kinds, unchanged, baseline, ratio };
  } finally {
    await close();
  }
}
