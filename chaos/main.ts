/**
 * `npm run chaos [-- --only a,b] [-- --fuzz N] [-- --seed N] [-- --temporal dev|cluster]`: the chaos suite. One
 * Temporal for the whole run: a dev server with a SQLite file by default, or with `--temporal cluster` the
 * production-shaped cluster (the pinned server on PostgreSQL, two nodes behind a balancer); both restartable. Per
 * scenario the simulators, the API and worker processes. Prints one line per scenario with its figures, then
 * `N passed, N failed (Temporal: …)`; exits 1 if any failed, 2 on bad arguments.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ChaosArgsError, parseChaosArgs, selectScenarios, type ChaosArgs } from './args';
import type { Scenario, ScenarioContext, ScenarioOutcome } from './scenario';
import { SCENARIOS } from './scenarios';
import { liveProcesses } from './stack';
import { TemporalKind, type ChaosTemporal } from './temporal';
import { CHAOS_CLUSTER_NODES, ClusterChaosTemporal } from './temporal-cluster';
import { DevChaosTemporal } from './temporal-dev';
import { within } from './verify';

const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const progress = (line: string): boolean => process.stderr.write(`chaos: ${line}\n`);

/** What the first progress line says is being started. */
const STARTING: Record<TemporalKind, string> = {
  dev: 'the Temporal dev server (SQLite file)',
  cluster: `the Temporal cluster (${CHAOS_CLUSTER_NODES} nodes on PostgreSQL; the pinned server is built first if missing)`,
};

function startTemporal(kind: TemporalKind): Promise<ChaosTemporal> {
  return kind === TemporalKind.CLUSTER ? ClusterChaosTemporal.start() : DevChaosTemporal.start();
}

function line(s: Scenario, outcome: ScenarioOutcome, ms: number): string {
  const figures = Object.entries(outcome.figures).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${outcome.problems.length ? 'FAIL' : 'PASS'} ${s.name} (${(ms / 1000).toFixed(1)} s): ${figures}`;
}

async function runOne(s: Scenario, ctx: ScenarioContext, temporal: ChaosTemporal): Promise<boolean> {
  progress(`${s.name}…`);
  const started = Date.now();
  let outcome: ScenarioOutcome;
  try {
    outcome = await within(s.run(ctx), s.timeoutMs, s.name);
  } catch (err) {
    outcome = { figures: {}, problems: [err instanceof Error ? err.message : String(err)] };
  }
  // A scenario that failed half-way may have left the server (or a node) down: the next one needs it.
  if (!temporal.up) await temporal.startAgain();
  out(line(s, outcome, Date.now() - started));
  for (const p of outcome.problems) out(`    ${p.replace(/\s+/g, ' ').slice(0, 400)}`);
  return outcome.problems.length === 0;
}

function parseOrExit(argv: string[]): ChaosArgs {
  try {
    return parseChaosArgs(argv, SCENARIOS);
  } catch (err) {
    if (!(err instanceof ChaosArgsError)) throw err;
    process.stderr.write(`chaos: ${err.message}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const args = parseOrExit(process.argv.slice(2));
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const { run, skipped } = selectScenarios(SCENARIOS, args);
  progress(`seed ${args.seed}; Temporal: ${args.temporal}; starting ${STARTING[args.temporal]}…`);
  const temporal = await startTemporal(args.temporal);
  progress(`Temporal: ${temporal.description}, at ${temporal.address}`);
  const ctx: ScenarioContext = { temporalAddress: temporal.address, client: temporal.client, temporal, seed: args.seed, fuzzPerEndpoint: args.fuzz };
  for (const s of skipped) out(`SKIP ${s.name}: ${s.reason}`);
  let passed = 0;
  let failed = 0;
  try {
    for (const s of run) {
      if (await runOne(s, ctx, temporal)) passed += 1;
      else failed += 1;
    }
  } finally {
    for (const p of liveProcesses) p.child.kill('SIGKILL');
    await temporal.close().catch(() => undefined);
  }
  const skips = skipped.length ? `, ${skipped.length} skipped` : '';
  out(`${passed} passed, ${failed} failed${skips} (Temporal: ${temporal.description})`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((err: unknown) => {
  process.stderr.write(`chaos failed: ${err instanceof Error ? err.message : String(err)}\n`);
  for (const p of liveProcesses) p.child.kill('SIGKILL');
  process.exit(1);
});
