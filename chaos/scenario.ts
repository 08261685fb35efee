/** What a chaos scenario is, and the context the suite runs it in. */
import type { Client } from '@temporalio/client';
import { ChaosStack, type ChaosStackOptions } from './stack';
import type { ChaosTemporal, TemporalKind } from './temporal';

/** Where a scenario runs. */
export interface ScenarioContext {
  temporalAddress: string;
  /** A client of that server (it must survive a restart of the server). */
  client: Client;
  /** The server itself, for scenarios that restart it (or, on the cluster, kill one node). */
  temporal?: ChaosTemporal;
  seed: number;
  /** Bad requests per endpoint in the fuzz scenario. */
  fuzzPerEndpoint: number;
}

/** What a scenario measured, and what went wrong (empty when it passed). */
export interface ScenarioOutcome {
  figures: Record<string, number | string>;
  problems: string[];
}

/** One chaos scenario. */
export interface Scenario {
  name: string;
  /** Longest it may run before it counts as failed. */
  timeoutMs: number;
  /** The one Temporal it runs on; on the other it is skipped (neither passed nor failed). Any when undefined. */
  requires?: TemporalKind;
  run(ctx: ScenarioContext): Promise<ScenarioOutcome>;
}

/** Starts a stack for `name`, runs `body` with it, and always closes it. */
export async function withStack(
  ctx: ScenarioContext,
  options: Omit<ChaosStackOptions, 'temporalAddress' | 'seed'>,
  body: (stack: ChaosStack) => Promise<ScenarioOutcome>,
): Promise<ScenarioOutcome> {
  const stack = await ChaosStack.start({ ...options, temporalAddress: ctx.temporalAddress, seed: ctx.seed });
  try {
    return await body(stack);
  } finally {
    await stack.close();
  }
}
