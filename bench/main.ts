/**
 * `npm run bench [-- --quick | --large] [-- --only ingest,coalescing,freshness,reconcile]`: runs the
 * benchmarks one after the other, each on its own Temporal dev server, prints figures as they come, and
 * writes bench/results.json (every figure, the machine, the date) and bench/RESULTS.md (the goals table).
 * A quick, partial or modified run writes bench/results.partial.json and bench/RESULTS.partial.md instead,
 * so it never replaces the published figures.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEMPORAL_CLI_PATH } from '../src/dev/temporal-dev-server';
import { benchCoalescing } from './coalescing';
import { benchFreshness } from './freshness';
import { benchIngest } from './ingest';
import { parseBenchArgs, type BenchArgs } from './options';
import { benchReconcile } from './reconcile';
import { evaluateGoals, toMarkdown, type BenchResults } from './report';
import { startBenchStack } from './stack';
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
  if (only.includes('reconcile')) {
    await attempt(results, 'reconcile and memory', async () => {
      const { reconcile, memory } = await benchReconcile(sizes.products, args.worker);
      results.reconcile = reconcile;
      results.memory = memory;
    });
  }
}

function write(results: Omit<BenchResults, 'goals'>, complete: boolean): BenchResults {
  results.durationMin = round((Date.now() - started) / 60_000);
  const full: BenchResults = { ...results, goals: evaluateGoals(results) };
  const [json, md] = complete ? ['results.json', 'RESULTS.md'] : ['results.partial.json', 'RESULTS.partial.md'];
  writeFileSync(path.join(__dirname, json), `${JSON.stringify(full, null, 2)}\n`);
  const markdown = toMarkdown(full);
  writeFileSync(path.join(__dirname, md), markdown);
  process.stdout.write(`\n${markdown}\nwritten: bench/${json}, bench/${md}\n`);
  return full;
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const results: Omit<BenchResults, 'goals'> = { date: new Date().toISOString(), mode: args.sizes.mode, durationMin: 0, machine: machine(), errors: {} };
  progress(`benchmarks (${args.sizes.mode}): ${args.only.join(', ')}; deadline ${args.sizes.totalDeadlineMs / 60_000} min`);
  const watchdog = setTimeout(() => {
    results.errors.deadline = `the run passed its ${args.sizes.totalDeadlineMs / 60_000} min deadline and was stopped`;
    progress(results.errors.deadline);
    void abortAll().finally(() => {
      write(results, false);
      process.exit(1);
    });
  }, args.sizes.totalDeadlineMs);
  await runAll(args, results);
  clearTimeout(watchdog);
  const full = write(results, args.complete);
  process.exit(Object.keys(full.errors).length ? 1 : 0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${errorMessage(err)}\n`);
  process.exit(2);
});
