/** The chaos suite's command line (`--only a,b`, `--fuzz N`, `--seed N`, `--temporal dev|cluster`), and the scenarios it selects. */
import { parseArgs } from 'node:util';
import type { Scenario } from './scenario';
import { TemporalKind } from './temporal';

/** What `npm run chaos -- …` asked for. */
export interface ChaosArgs {
  /** Scenarios to run (all when undefined), by name. */
  only?: string[];
  /** Bad requests per endpoint in the fuzz scenario. */
  fuzz: number;
  seed: number;
  temporal: TemporalKind;
}

/** Thrown for a bad command line; the message is one line, without the `chaos:` prefix. */
export class ChaosArgsError extends Error {}

const OPTIONS = { only: { type: 'string' }, fuzz: { type: 'string' }, seed: { type: 'string' }, temporal: { type: 'string' } } as const;
const KINDS: readonly string[] = Object.values(TemporalKind);
const isTemporalKind = (v: string): v is TemporalKind => KINDS.includes(v);

function integer(flag: string, text: string | undefined, fallback: number, min = Number.MIN_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < min) {
    throw new ChaosArgsError(`--${flag} must be a whole number${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ''}, not '${text}'`);
  }
  return n;
}

/**
 * Parses the arguments after `npm run chaos --` against the suite's `scenarios`; throws a {@link ChaosArgsError} for an unknown
 * option or scenario, a bad number, a `--temporal` other than `dev` or `cluster`, or a scenario asked for by name on a
 * Temporal it does not run on.
 */
export function parseChaosArgs(
  argv: readonly string[],
  scenarios: ReadonlyArray<Pick<Scenario, 'name' | 'requires'>>,
  randomSeed: () => number = () => Math.floor(Math.random() * 2 ** 31),
): ChaosArgs {
  let values: { [K in keyof typeof OPTIONS]?: string };
  try {
    // npm passes every `--` after its own one through (`npm run chaos -- --only a -- --fuzz 5`): they separate nothing here.
    ({ values } = parseArgs({ args: argv.filter((a) => a !== '--'), options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new ChaosArgsError(`${err instanceof Error ? err.message.replace(/\s*\n\s*/g, ' ') : String(err)} (options: --only, --fuzz, --seed, --temporal)`);
  }
  const temporal = values.temporal ?? TemporalKind.DEV;
  if (!isTemporalKind(temporal)) throw new ChaosArgsError(`--temporal must be ${KINDS.join(' or ')}, not '${temporal}'`);
  const only = values.only?.split(',');
  for (const name of only ?? []) {
    const scenario = scenarios.find((s) => s.name === name);
    if (!scenario) throw new ChaosArgsError(`unknown scenario '${name}' (scenarios: ${scenarios.map((s) => s.name).join(', ')})`);
    if (scenario.requires && scenario.requires !== temporal) {
      throw new ChaosArgsError(`${name} runs only with --temporal ${scenario.requires} (this run: --temporal ${temporal})`);
    }
  }
  return {
    only,
    fuzz: integer('fuzz', values.fuzz, 10_000, 1),
    seed: integer('seed', values.seed, randomSeed()),
    temporal,
  };
}

/** A scenario the run leaves out, and why (printed as `SKIP <name>: <reason>`). */
export interface SkippedScenario {
  name: string;
  reason: string;
}

/**
 * The scenarios `args` asks for, in the suite's order: those that run on `args.temporal`, and those skipped because
 * they run on the other Temporal only (only possible without `--only`: the parser refuses them by name).
 */
export function selectScenarios<S extends Pick<Scenario, 'name' | 'requires'>>(scenarios: readonly S[], args: ChaosArgs): { run: S[]; skipped: SkippedScenario[] } {
  const asked = scenarios.filter((s) => !args.only || args.only.includes(s.name));
  return {
    run: asked.filter((s) => !s.requires || s.requires === args.temporal),
    skipped: asked.filter((s) => s.requires && s.requires !== args.temporal).map((s) => ({ name: s.name, reason: `runs only with --temporal ${s.requires}` })),
  };
}
