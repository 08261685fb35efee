/** Scenario: the third party fails half of the writes with 5xx and 429 for a while (and opens with a 429 storm). */
import type { Scenario, ScenarioContext, ScenarioOutcome } from '../scenario';
import { withStack } from '../scenario';
import { judge } from '../verify';
import { runBurst } from '../workload';

/** How long the faults last after the burst has been sent. */
const FAULTS_AFTER_BURST_MS = 8_000;

/** Runs the scenario: 50 % of writes fail (500, 502, 503, 429) during the burst and a while after, then recover. */
export function runThirdPartyFaults(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  return withStack(ctx, { name: 'third-party-faults' }, async (stack) => {
    const worker = stack.startWorker();
    await worker.ready(90_000);
    stack.thirdParty.rateLimitNext(10, 1);
    stack.thirdParty.failRate(0.5, [500, 502, 503, 429]);
    const burst = await runBurst(stack, { products: 30, models: 4, rounds: 3 });
    // The outage goes on for a while after the last event: this is the fault's duration, not a wait for a result.
    await new Promise((r) => setTimeout(r, FAULTS_AFTER_BURST_MS));
    stack.thirdParty.failRate(0);
    const writes = stack.thirdParty.requests.filter((r) => r.method === 'PUT' || r.method === 'DELETE');
    const failed = writes.filter((r) => r.status >= 429).length;
    const problems = failed === 0 ? ['no write failed: the fault was not exercised'] : [];
    const verdict = await judge(ctx.client, stack, { convergeTimeoutMs: 120_000 });
    return {
      figures: { changes: burst.changes, 'requests ok/failed': `${burst.ok}/${burst.failed}${burst.failures ? ` (${burst.failures})` : ''}`, 'writes failed/tried': `${failed}/${writes.length}`, ...verdict.figures },
      problems: [...problems, ...verdict.problems],
    };
  });
}

/** The suite's third-party fault scenario. */
export const thirdPartyFaultsScenario: Scenario = { name: 'third-party-faults', timeoutMs: 180_000, run: runThirdPartyFaults };
