/** Scenario: the Temporal server is stopped mid-burst (events keep coming), then started again on its database. */
import type { Scenario, ScenarioContext, ScenarioOutcome } from '../scenario';
import { withStack } from '../scenario';
import { judge, pollUntil } from '../verify';
import { runBurst } from '../workload';

/** Shortest outage. */
const MIN_DOWN_MS = 5_000;

/** Runs the scenario: round 2 is sent while Temporal is down; nothing may be answered 200 then. */
export function runTemporalRestart(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const temporal = ctx.temporal;
  if (!temporal) throw new Error('temporal-restart needs a restartable server');
  return withStack(ctx, { name: 'temporal-restart' }, async (stack) => {
    const worker = stack.startWorker();
    await worker.ready(90_000);
    let downFrom = 0;
    let okWhileDown = 0;
    let sentWhileDown = 0;
    let downMs = 0;
    let readyzWhileDown = 0;
    let readyAgain: Promise<string> = Promise.resolve('never restarted');
    const burst = await runBurst(stack, {
      products: 30,
      models: 4,
      rounds: 4,
      after: async (round) => {
        if (round === 1) {
          await temporal.stop();
          downFrom = stack.sender.records.length;
          downMs = Date.now();
        } else if (round === 2) {
          // Stay down a few seconds in all, so the worker's polls and the API's readiness see the outage too.
          await new Promise((r) => setTimeout(r, Math.max(0, MIN_DOWN_MS - (Date.now() - downMs))));
          readyzWhileDown = await fetch(`${stack.apiUrl}/readyz`).then((r) => r.status, () => 0);
          const whileDown = stack.sender.records.slice(downFrom);
          sentWhileDown = whileDown.length;
          okWhileDown = whileDown.filter((r) => r.status >= 200 && r.status < 300).length;
          await temporal.startAgain();
          downMs = Date.now() - downMs;
          // Measured alongside the next rounds, which are sent at once, as the PIM would.
          const restarted = Date.now();
          readyAgain = pollUntil(() => fetch(`${stack.apiUrl}/readyz`).then((r) => r.status === 200, () => false), 60_000).then((ok) =>
            ok ? `${((Date.now() - restarted) / 1000).toFixed(1)} s` : 'not within 60 s',
          );
        }
      },
    });
    const problems: string[] = [];
    if (sentWhileDown === 0) problems.push('no request was sent while Temporal was down');
    if (okWhileDown > 0) problems.push(`${okWhileDown} request(s) answered 200 while Temporal was down`);
    if (readyzWhileDown !== 503) problems.push(`GET /readyz answered ${readyzWhileDown} while Temporal was down`);
    const verdict = await judge(ctx.client, stack, { convergeTimeoutMs: 120_000 });
    return {
      figures: {
        changes: burst.changes,
        'requests ok/failed': `${burst.ok}/${burst.failed}${burst.failures ? ` (${burst.failures})` : ''}`,
        'sent while down': sentWhileDown,
        '200 while down': okWhileDown,
        'readyz while down': readyzWhileDown,
        'down for': `${(downMs / 1000).toFixed(1)} s`,
        'API ready again after': await readyAgain,
        ...verdict.figures,
      },
      problems: [...problems, ...verdict.problems],
    };
  });
}

/** The suite's Temporal-restart scenario. */
export const temporalRestartScenario: Scenario = { name: 'temporal-restart', timeoutMs: 180_000, run: runTemporalRestart };
