/** Scenario: the worker is killed with SIGKILL in the middle of a burst, with writes in flight; another one is started. */
import type { ServiceProcess } from '../../src/dev/processes';
import type { Scenario, ScenarioContext, ScenarioOutcome } from '../scenario';
import { withStack } from '../scenario';
import { judge, pollUntil } from '../verify';
import { runBurst } from '../workload';

/** Size of the burst. */
export interface WorkerKillParams {
  products: number;
  models: number;
  rounds: number;
  /** Run the API in this process (the worker is always a child process). */
  apiInProcess?: boolean;
}

/** Runs the scenario: kill -9 after round 1 while writes are in flight, start a new worker, reconcile, check. */
export function runWorkerKill(ctx: ScenarioContext, p: WorkerKillParams): Promise<ScenarioOutcome> {
  return withStack(ctx, { name: 'worker-kill', apiInProcess: p.apiInProcess }, async (stack) => {
    const problems: string[] = [];
    const first = stack.startWorker();
    await first.ready(90_000);
    // Slow writes, so some are in flight when the worker dies.
    stack.thirdParty.latencyMs = 300;
    let inFlightAtKill = 0;
    let second: ServiceProcess | undefined;
    const burst = await runBurst(stack, {
      ...p,
      after: async (round) => {
        if (round !== 1) return;
        await pollUntil(() => stack.thirdParty.inFlightRequests > 0, 30_000);
        inFlightAtKill = stack.thirdParty.inFlightRequests;
        await first.stop('SIGKILL');
        second = stack.startWorker();
      },
    });
    if (inFlightAtKill === 0) problems.push('no write was in flight when the worker was killed');
    if (first.child.signalCode !== 'SIGKILL') problems.push(`the first worker was not killed by SIGKILL (${String(first.child.exitCode)})`);
    await second?.ready(90_000);
    stack.thirdParty.latencyMs = 0;
    const verdict = await judge(ctx.client, stack, { convergeTimeoutMs: 120_000 });
    return {
      figures: { changes: burst.changes, 'requests ok/failed': `${burst.ok}/${burst.failed}${burst.failures ? ` (${burst.failures})` : ''}`, 'writes in flight at kill': inFlightAtKill, ...verdict.figures },
      problems: [...problems, ...verdict.problems],
    };
  });
}

/** The suite's worker-kill scenario. */
export const workerKillScenario: Scenario = {
  name: 'worker-kill',
  timeoutMs: 180_000,
  run: (ctx) => runWorkerKill(ctx, { products: 30, models: 4, rounds: 4 }),
};
