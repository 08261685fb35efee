/**
 * Scenario: 10,000 generated bad requests per webhook endpoint against the real API on the dev server, stale
 * replays of signed Event Platform captures among them (400 `stale_event` only).
 */
import pino from 'pino';
import { startApiServer } from '../../src/api/server';
import { LOCAL_SECRETS, localApiConfig } from '../../src/dev/local-stack';
import { REPLAY_CATEGORY } from '../fuzz/replays';
import { runFuzz } from '../fuzz/run';
import type { Scenario, ScenarioContext, ScenarioOutcome } from '../scenario';

/** Runs the fuzz on an API of its own (own task queue, so any workflow it starts is counted). */
export async function runFuzzScenario(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const taskQueue = `chaos-fuzz-${Date.now().toString(36)}`;
  const api = await startApiServer({
    config: localApiConfig({ temporalAddress: ctx.temporalAddress, taskQueue }),
    logger: pino({ level: 'silent' }),
  });
  try {
    const report = await runFuzz({
      apiUrl: api.url,
      client: ctx.client,
      taskQueue,
      secrets: { events: LOCAL_SECRETS.events, platform: LOCAL_SECRETS.platform },
      perEndpoint: ctx.fuzzPerEndpoint,
      seed: ctx.seed,
    });
    const figures: ScenarioOutcome['figures'] = { seed: report.seed };
    for (const [endpoint, f] of Object.entries(report.endpoints)) {
      figures[`${endpoint} sent/accepted/5xx/unanswered`] = `${f.sent}/${f.accepted}/${f.serverErrors}/${f.noAnswer}`;
    }
    const replays = report.endpoints['event-platform'].answersByCategory[REPLAY_CATEGORY] ?? {};
    figures['event-platform stale replays answered'] = Object.entries(replays).map(([answer, n]) => `${answer} × ${n}`).join(', ') || 'none sent';
    figures['workflows started'] = report.workflowsStarted;
    figures['valid request after'] = report.validAfter.map((v) => `${v.status} in ${Math.round(v.ms)} ms`).join(', ');
    const examples = Object.values(report.endpoints).flatMap((f) => f.examples);
    return { figures, problems: [...report.problems, ...examples.slice(0, 10)] };
  } finally {
    await api.close();
  }
}

/** The suite's fuzz scenario. */
export const fuzzScenario: Scenario = { name: 'fuzz', timeoutMs: 300_000, run: runFuzzScenario };
