/**
 * Which Temporal the benchmarks run on (`--temporal dev|cluster`): the CLI's dev server (SQLite in memory, one
 * process, the default) or the production-shaped cluster (the server docker-compose.yml pins, on PostgreSQL, two
 * nodes behind a balancer: src/dev/temporal-cluster.ts). Each benchmark starts a fresh one of the chosen kind.
 */
import { startClusterServer } from '../src/dev/temporal-cluster';
import { type DevServer, startDevServer } from '../src/dev/temporal-dev-server';

/** The two kinds of Temporal the benchmarks can run on. */
export const BENCH_TEMPORALS = ['dev', 'cluster'] as const;
export type BenchTemporal = (typeof BENCH_TEMPORALS)[number];

/** `temporal server start-dev` arguments: no server log lines in the benchmark's output (they would interleave with the figures). */
export const QUIET_SERVER_ARGS = ['--log-level', 'never'];

/** Nodes of the benchmark cluster. */
export const BENCH_CLUSTER_NODES = 2;

let chosen: BenchTemporal = 'dev';

/** Sets the kind every later {@link startBenchTemporal} starts. */
export function useBenchTemporal(kind: BenchTemporal): void {
  chosen = kind;
}

/** The kind chosen. */
export function benchTemporal(): BenchTemporal {
  return chosen;
}

/** Starts a fresh Temporal of the chosen kind. */
export function startBenchTemporal(): Promise<DevServer> {
  if (chosen === 'dev') return startDevServer({ extraArgs: QUIET_SERVER_ARGS });
  // Server logs at error only: its warnings would interleave with the figures.
  return startClusterServer({ nodes: BENCH_CLUSTER_NODES, logLevel: 'error' });
}
