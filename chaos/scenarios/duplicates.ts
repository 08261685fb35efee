/** Scenario: half of the events are delivered twice, and every round is shuffled: events of one product arrive out of order. */
import type { Scenario, ScenarioContext, ScenarioOutcome } from '../scenario';
import { withStack } from '../scenario';
import { judge } from '../verify';
import { runBurst } from '../workload';

/** Runs the scenario: every repeated delivery the API accepted must be recorded as an ignored duplicate. */
export function runDuplicates(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  return withStack(ctx, { name: 'duplicates', chaos: { duplicateRate: 0.5, shuffle: true } }, async (stack) => {
    const worker = stack.startWorker();
    await worker.ready(90_000);
    const burst = await runBurst(stack, { products: 25, models: 4, rounds: 4, changesPerRound: 3 });
    const verdict = await judge(ctx.client, stack, { convergeTimeoutMs: 120_000 });
    const deliveries = new Map<string, number>();
    for (const r of stack.sender.records) {
      if (r.status !== 200) continue;
      for (const id of r.eventIds) deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
    }
    const repeated = [...deliveries.values()].reduce((sum, n) => sum + n - 1, 0);
    const ignored = Number(verdict.figures.duplicates);
    const problems: string[] = [];
    if (repeated === 0) problems.push('no event was accepted twice: the fault was not exercised');
    if (Number(verdict.figures.outdated) === 0) problems.push('no event arrived after a newer one: the reordering was not exercised');
    if (ignored < repeated) problems.push(`${repeated} repeated deliveries accepted but only ${ignored} recorded as ignored duplicates`);
    return {
      figures: { changes: burst.changes, 'requests ok/failed': `${burst.ok}/${burst.failed}${burst.failures ? ` (${burst.failures})` : ''}`, 'repeated deliveries': repeated, ...verdict.figures },
      problems: [...problems, ...verdict.problems],
    };
  });
}

/** The suite's duplicate and out-of-order delivery scenario. */
export const duplicatesScenario: Scenario = { name: 'duplicates-out-of-order', timeoutMs: 180_000, run: runDuplicates };
