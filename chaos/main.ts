/**
 * `npm run chaos [-- --only a,b] [-- --fuzz N] [-- --seed N]`: the chaos suite. One Temporal dev server (SQLite
 * file, restartable), and per scenario the simulators, the API and worker processes. Prints one line per
 * scenario with its figures, then `N passed, N failed`; exits 1 if any failed.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Scenario, ScenarioContext, ScenarioOutcome } from './scenario';
import { duplicatesScenario } from './scenarios/duplicates';
import { fuzzScenario } from './scenarios/fuzz';
import { pimStormsScenario } from './scenarios/pim-storms';
import { temporalRestartScenario } from './scenarios/temporal-restart';
import { thirdPartyFaultsScenario } from './scenarios/third-party-faults';
import { workerKillScenario } from './scenarios/worker-kill';
import { liveProcesses } from './stack';
import { ChaosTemporal } from './temporal';
import { within } from './verify';

/** Every scenario, in the order they run. */
export const SCENARIOS: Scenario[] = [
  workerKillScenario,
  temporalRestartScenario,
  thirdPartyFaultsScenario,
  pimStormsScenario,
  duplicatesScenario,
  fuzzScenario,
];

const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const progress = (line: string): boolean => process.stderr.write(`chaos: ${line}\n`);

interface Args {
  only?: string[];
  fuzz: number;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const fuzz = Number(value('--fuzz') ?? 10_000);
  const seed = Number(value('--seed') ?? Math.floor(Math.random() * 2 ** 31));
  const only = value('--only')?.split(',');
  const unknown = only?.filter((n) => !SCENARIOS.some((s) => s.name === n)) ?? [];
  if (!Number.isInteger(fuzz) || fuzz < 1 || !Number.isInteger(seed) || unknown.length) {
    process.stderr.write(`chaos: bad arguments (scenarios: ${SCENARIOS.map((s) => s.name).join(', ')})\n`);
    process.exit(2);
  }
  return { only, fuzz, seed };
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
  // A scenario that failed half-way may have left the server down: the next one needs it.
  if (!temporal.up) await temporal.startAgain();
  out(line(s, outcome, Date.now() - started));
  for (const p of outcome.problems) out(`    ${p.replace(/\s+/g, ' ').slice(0, 400)}`);
  return outcome.problems.length === 0;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const scenarios = SCENARIOS.filter((s) => !args.only || args.only.includes(s.name));
  progress(`seed ${args.seed}; starting the Temporal dev server…`);
  const temporal = await ChaosTemporal.start();
  const ctx: ScenarioContext = { temporalAddress: temporal.address, client: temporal.client, temporal, seed: args.seed, fuzzPerEndpoint: args.fuzz };
  let passed = 0;
  let failed = 0;
  try {
    for (const s of scenarios) {
      if (await runOne(s, ctx, temporal)) passed += 1;
      else failed += 1;
    }
  } finally {
    for (const p of liveProcesses) p.child.kill('SIGKILL');
    await temporal.close().catch(() => undefined);
  }
  out(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((err: unknown) => {
  process.stderr.write(`chaos failed: ${err instanceof Error ? err.message : String(err)}\n`);
  for (const p of liveProcesses) p.child.kill('SIGKILL');
  process.exit(1);
});
