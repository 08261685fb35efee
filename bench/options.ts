/** Sizes of the benchmarks for each run mode: `--quick` (smoke, ~1–2 min per benchmark), default (≤ ~20 min in all), `--large`. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { BENCH_TEMPORALS, type BenchTemporal } from './temporal';

/** How big a run is. */
export const BenchMode = { QUICK: 'quick', DEFAULT: 'default', LARGE: 'large' } as const;
export type BenchMode = (typeof BenchMode)[keyof typeof BenchMode];

/** Every size the benchmarks take. */
export interface BenchSizes {
  mode: BenchMode;
  ingest: {
    /** Concurrent senders (each with one request of 10 events in flight at a time). */
    senders: number;
    /** Products per pool (one pool for the API, one for the raw baseline). */
    poolSize: number;
    /** Rounds per worker setting; each round runs the API and the raw baseline once, in alternating order. */
    rounds: number;
    /** Length of each closed-loop (saturation) phase. */
    phaseMs: number;
    /** Length of each paced phase (longer: its p99 needs more samples at a lower rate). */
    pacedPhaseMs: number;
  };
  coalescing: { updates: number; windowMs: number };
  freshness: { samples: number };
  /** A PIM mass edit sent by Akeneo's legacy sender: new products, and the sender pools it is sent with (one run each). */
  massEdit: { products: number; concurrencies: number[] };
  /** Event Platform deliveries (one new product each) and the platform's concurrent senders. */
  eventPlatform: { events: number; senders: number };
  /** Simulated products of the first-load, reconcile and memory benchmarks. */
  products: number;
  /** Media benchmark (issue 14): products, each with one image of `files` shared ones. */
  media: { products: number; files: number };
  /** The catalogue structure of the structure benchmark (counts include the seed's baseline items). */
  structure: { attributes: number; options: number; categories: number };
  /** Deadline of the whole run; every wait inside has its own, shorter one. */
  totalDeadlineMs: number;
}

/**
 * Legacy sender pools of the mass-edit benchmark (issue 15): Akeneo's `webhook_concurrency` is 5, so 10 is two
 * consumers or a raised setting, and 20 four.
 */
export const MASS_EDIT_CONCURRENCIES = [10, 20] as const;
/** Concurrent senders of the event-platform benchmark (issue 15). */
export const EVENT_PLATFORM_SENDERS = 20;

/** The structure of issue 14's benchmark rows. */
const ISSUE_14_STRUCTURE = { attributes: 500, options: 50_000, categories: 2_000 };

const SIZES: Record<BenchMode, BenchSizes> = {
  quick: {
    mode: 'quick',
    ingest: { senders: 50, poolSize: 40, rounds: 1, phaseMs: 2_000, pacedPhaseMs: 4_000 },
    coalescing: { updates: 100, windowMs: 1_000 },
    freshness: { samples: 6 },
    massEdit: { products: 300, concurrencies: [...MASS_EDIT_CONCURRENCIES] },
    eventPlatform: { events: 200, senders: EVENT_PLATFORM_SENDERS },
    products: 500,
    media: { products: 200, files: 20 },
    structure: { attributes: 50, options: 2_000, categories: 200 },
    totalDeadlineMs: 15 * 60_000,
  },
  default: {
    mode: 'default',
    ingest: { senders: 50, poolSize: 100, rounds: 2, phaseMs: 3_000, pacedPhaseMs: 8_000 },
    coalescing: { updates: 100, windowMs: 1_000 },
    freshness: { samples: 20 },
    massEdit: { products: 3_000, concurrencies: [...MASS_EDIT_CONCURRENCIES] },
    eventPlatform: { events: 1_000, senders: EVENT_PLATFORM_SENDERS },
    products: 10_000,
    media: { products: 1_000, files: 100 },
    structure: ISSUE_14_STRUCTURE,
    totalDeadlineMs: 40 * 60_000,
  },
  large: {
    mode: 'large',
    ingest: { senders: 50, poolSize: 100, rounds: 2, phaseMs: 3_000, pacedPhaseMs: 8_000 },
    coalescing: { updates: 100, windowMs: 1_000 },
    freshness: { samples: 20 },
    massEdit: { products: 3_000, concurrencies: [...MASS_EDIT_CONCURRENCIES] },
    eventPlatform: { events: 1_000, senders: EVENT_PLATFORM_SENDERS },
    products: 100_000,
    media: { products: 1_000, files: 100 },
    structure: ISSUE_14_STRUCTURE,
    totalDeadlineMs: 4 * 3_600_000,
  },
};

/** Products of the reconcile benchmark on the cluster in the default mode. */
export const CLUSTER_DEFAULT_PRODUCTS = 2_000;
/**
 * Products of each mass-edit run on the cluster in the default mode: its syncs run at about 12 a second on this
 * machine, so 3,000 would take about 17 minutes for the four sides (API and raw, two sender pools).
 */
export const CLUSTER_MASS_EDIT_PRODUCTS = 1_000;

/** Names of the benchmarks, for `--only`. */
export const BENCHMARKS = ['ingest', 'coalescing', 'freshness', 'mass-edit', 'event-platform', 'first-load', 'reconcile', 'media', 'structure'] as const;
/** One benchmark name. */
export type BenchName = (typeof BENCHMARKS)[number];

/** How the reconcile and memory benchmark runs the worker process. */
export interface WorkerSetup {
  /** Compiled with a prebuilt bundle, as the image runs it (default), or under ts-node as `npm run worker`. */
  compiled: boolean;
  /** `NODE_OPTIONS` of the worker process (default: the one deploy/k8s/worker-deployment.yaml sets). */
  nodeOptions?: string;
}

/** The worker's `NODE_OPTIONS` in deploy/k8s/worker-deployment.yaml, so the benchmark measures the deployed worker. */
export function deployedWorkerNodeOptions(): string | undefined {
  const file = path.resolve(__dirname, '../deploy/k8s/worker-deployment.yaml');
  const deployment = parse(readFileSync(file, 'utf8')) as { spec: { template: { spec: { containers: Array<{ env?: Array<{ name: string; value?: string }> }> } } } };
  return deployment.spec.template.spec.containers[0].env?.find((e) => e.name === 'NODE_OPTIONS')?.value;
}

/** Parsed command line. */
export interface BenchArgs {
  sizes: BenchSizes;
  /** Benchmarks to run (default: all; the memory figures come with `reconcile`, which measures `first-load` too). */
  only: BenchName[];
  worker: WorkerSetup;
  /** The Temporal every benchmark runs on (`--temporal`, default `dev`). */
  temporal: BenchTemporal;
  /**
   * Everything at its default or `--large` size: the run whose figures go into bench/results.json (dev server) or
   * bench/results.cluster.json (cluster), and into its column of bench/RESULTS.md.
   */
  complete: boolean;
}

const USAGE = `use --quick | --large, --products <n>, --only <${BENCHMARKS.join(',')}>, --temporal <${BENCH_TEMPORALS.join('|')}>, --ts-node-worker, --worker-node-options <flags>`;

/** Parses the command line (see {@link USAGE}); throws on anything else. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let mode: BenchMode = 'default';
  let products: number | undefined;
  let only: BenchName[] = [...BENCHMARKS];
  let temporal: BenchTemporal = 'dev';
  const deployed: WorkerSetup = { compiled: true, nodeOptions: deployedWorkerNodeOptions() };
  const worker: WorkerSetup = { ...deployed };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick' || arg === '--large') mode = arg === '--quick' ? 'quick' : 'large';
    else if (arg === '--ts-node-worker') Object.assign(worker, { compiled: false, nodeOptions: undefined });
    else if (arg === '--worker-node-options') worker.nodeOptions = argv[++i];
    else if (arg === '--products') {
      products = Number(argv[++i]);
      if (!Number.isInteger(products) || products < 100) throw new Error('--products takes an integer ≥ 100');
    } else if (arg === '--only') {
      const names = (argv[++i] ?? '').split(',');
      const unknown = names.filter((n) => !(BENCHMARKS as readonly string[]).includes(n));
      if (unknown.length) throw new Error(`--only takes a list of ${BENCHMARKS.join(', ')}`);
      only = names as BenchName[];
    } else if (arg === '--temporal') {
      const kind = argv[++i];
      if (!(BENCH_TEMPORALS as readonly string[]).includes(kind ?? '')) throw new Error(`--temporal takes ${BENCH_TEMPORALS.join(' or ')}`);
      temporal = kind as BenchTemporal;
    } else throw new Error(`unknown argument ${arg}; ${USAGE}`);
  }
  const base = SIZES[mode];
  // The cluster is slower on one machine (every step is a PostgreSQL transaction): it gets twice the time, and
  // in the default mode 2,000 products (its first load synced 12 products/s here: 10,000 would add 14 min).
  const totalDeadlineMs = temporal === 'cluster' ? 2 * base.totalDeadlineMs : base.totalDeadlineMs;
  const clusterProducts =
    temporal === 'cluster' && mode === 'default' ? { products: CLUSTER_DEFAULT_PRODUCTS, massEdit: { ...base.massEdit, products: CLUSTER_MASS_EDIT_PRODUCTS } } : {};
  const sizes = { ...base, totalDeadlineMs, ...clusterProducts, ...(products !== undefined && { products }) };
  const complete = mode !== 'quick' && products === undefined && only.length === BENCHMARKS.length && worker.compiled === deployed.compiled && worker.nodeOptions === deployed.nodeOptions;
  return { sizes, only, worker, temporal, complete };
}
