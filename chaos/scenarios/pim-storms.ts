/** Scenario: the PIM answers 429 storms (and caps requests per second) while 30 % of the events never reach the API. */
import type { Scenario, ScenarioContext, ScenarioOutcome } from '../scenario';
import { withStack } from '../scenario';
import { judge } from '../verify';
import { runBurst } from '../workload';

/** Calls answered 429 by each storm. */
const STORM = 25;

/** Runs the scenario: a storm after every round and one during the reconcile; the reconcile must find the lost events. */
export function runPimStorms(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  return withStack(ctx, { name: 'pim-storms', chaos: { dropRate: 0.3 } }, async (stack) => {
    const worker = stack.startWorker();
    await worker.ready(90_000);
    stack.pim.maxRequestsPerSecond = 10;
    const burst = await runBurst(stack, {
      products: 30,
      models: 4,
      rounds: 3,
      after: () => {
        stack.pim.rateLimit({ requests: STORM, retryAfterSeconds: 1 });
        return Promise.resolve();
      },
    });
    stack.pim.rateLimit({ requests: STORM, retryAfterSeconds: 1 });
    const verdict = await judge(ctx.client, stack, { convergeTimeoutMs: 120_000 });
    const dropped = stack.sender.dropped.filter((d) => d.reason === 'chaos').length;
    const limited = stack.pim.requests.filter((r) => r.status === 429).length;
    const problems: string[] = [];
    if (dropped === 0) problems.push('no event was dropped: the fault was not exercised');
    if (limited === 0) problems.push('the PIM answered no 429: the fault was not exercised');
    return {
      figures: { changes: burst.changes, 'events dropped': dropped, 'PIM 429s': limited, ...verdict.figures },
      problems: [...problems, ...verdict.problems],
    };
  });
}

/** The suite's PIM rate-limit and lost-events scenario. */
export const pimStormsScenario: Scenario = { name: 'pim-storms-and-drops', timeoutMs: 180_000, run: runPimStorms };
