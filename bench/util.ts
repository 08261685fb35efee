/** Helpers the benchmarks share: progress lines, bounded waits, percentiles, rounding. */
import { DefaultLogger, Runtime } from '@temporalio/worker';

const started = Date.now();

/** Prints one progress line, prefixed with the time since the benchmark started. */
export function progress(line: string): void {
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

/** Resolves after `ms` (pacing only: waits for an outcome use {@link until}). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A wait that passed its deadline. */
export class BenchTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: not done within ${Math.round(ms / 1000)} s`);
    this.name = 'BenchTimeoutError';
  }
}

/** Polls `check` every `intervalMs` until it returns true; throws {@link BenchTimeoutError} after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new BenchTimeoutError(what, timeoutMs);
    await pause(intervalMs);
  }
}

/** Rejects with {@link BenchTimeoutError} when `promise` has not settled within `ms` (it is not cancelled). */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchTimeoutError(what, ms)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Rounds to `digits` decimals. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The `p`-th percentile (0–100) of `values` by the nearest-rank method; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Latency summary in milliseconds. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Summarizes latencies given in milliseconds. */
export function summarize(ms: readonly number[]): LatencySummary {
  return {
    count: ms.length,
    p50Ms: round(percentile(ms, 50)),
    p90Ms: round(percentile(ms, 90)),
    p99Ms: round(percentile(ms, 99)),
    maxMs: round(ms.length ? Math.max(...ms) : NaN),
  };
}

/** A seeded pseudo-random source in [0, 1): the simulators' own. */
export { seededRandom } from '../src/sim/faults';

/** A version-4 UUID drawn from `random`. */
export function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(random() * 4) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const cleanups = new Set<() => Promise<void>>();

/** Registers `fn` to run if the whole benchmark is aborted at its deadline; returns the function that unregisters it. */
export function onAbort(fn: () => Promise<void>): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Runs every registered cleanup at once, giving them `ms` in all. */
export async function abortAll(ms = 20_000): Promise<void> {
  const all = Promise.allSettled([...cleanups].map((fn) => fn()));
  await withDeadline(all, ms, 'cleanup').catch(() => undefined);
}

let runtimeInstalled = false;
/** Installs a Temporal Runtime that only logs errors; call before the first connection or in-process worker. */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
}

/** The message of any thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
