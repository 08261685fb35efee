/**
 * Runs the fuzz against a live API: N generated bad requests per endpoint, 20 in flight, then checks that none
 * was accepted, none got a 5xx, the categories with one right answer got only it, no workflow was started, and a
 * valid request still gets 200 promptly.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import fc from 'fast-check';
import { buildEventPlatformRequest } from '../../src/sim/event-platform-request';
import { buildEventsApiRequest } from '../../src/sim/events-api-request';
import { quoted } from '../../src/visibility-query';
import { entityWorkflowId } from '../../src/workflows/ids';
import { eventPlatformCaseArb } from './event-platform-cases';
import { eventsApiCaseArb } from './events-api-cases';
import { REPLAY_ANSWER, REPLAY_CATEGORY } from './replays';
import { pool, sendWire, type WireAnswer } from './send';
import { TRAVERSAL_ANSWER, TRAVERSAL_CATEGORY } from './traversal-cases';
import { describeCase, FUZZ_PATHS, FuzzEndpoint, materialize, type FuzzCase, type FuzzSecrets } from './spec';

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  apiUrl: string;
  /** Client of the Temporal server the API signals; used to count workflows. */
  client: Client;
  /** The API's task queue: every workflow it starts runs there. */
  taskQueue: string;
  secrets: FuzzSecrets;
  perEndpoint: number;
  seed: number;
  /** Requests in flight at once (default 20). */
  concurrency?: number;
  /** Longest wait for visibility to show the control workflows (default 30 s). */
  visibilityTimeoutMs?: number;
}

/** Figures of one endpoint. */
export interface EndpointFigures {
  sent: number;
  /** 2xx answers: must be 0. */
  accepted: number;
  /** 5xx answers: must be 0. */
  serverErrors: number;
  /** No answer (timeout or reset): must be 0. */
  noAnswer: number;
  slowestMs: number;
  byCategory: Record<string, number>;
  byAnswer: Record<string, number>;
  /** Answers of each category, e.g. `{ traversal: { '400 invalid_payload': 31 } }`. */
  answersByCategory: Record<string, Record<string, number>>;
  /** Up to 3 offending cases per category, described. */
  examples: string[];
}

/** A valid request sent before or after the fuzz. */
export interface ControlRequest {
  endpoint: FuzzEndpoint;
  status: number;
  ms: number;
  workflowId: string;
}

/** What {@link runFuzz} found. */
export interface FuzzReport {
  seed: number;
  endpoints: Record<FuzzEndpoint, EndpointFigures>;
  /** Workflows on the task queue other than the control requests': must be 0. */
  workflowsStarted: number;
  strayWorkflowIds: string[];
  /** The valid requests sent after the fuzz: 200 within 500 ms each. */
  validAfter: ControlRequest[];
  problems: string[];
}

/**
 * Categories whose cases may get one answer only, per endpoint: path-breaking codes, and (Event Platform) signed
 * captures replayed past the age window. The legacy route's own `replay` cases may get any 4xx.
 */
export const EXACT_ANSWERS: Readonly<Record<FuzzEndpoint, Readonly<Record<string, string>>>> = {
  'events-api': { [TRAVERSAL_CATEGORY]: TRAVERSAL_ANSWER },
  'event-platform': { [TRAVERSAL_CATEGORY]: TRAVERSAL_ANSWER, [REPLAY_CATEGORY]: REPLAY_ANSWER },
};

/** Longest a valid request may take after the fuzz. */
export const PROMPT_MS = 500;

function tally(cases: FuzzCase[], answers: WireAnswer[]): EndpointFigures {
  const f: EndpointFigures = { sent: cases.length, accepted: 0, serverErrors: 0, noAnswer: 0, slowestMs: 0, byCategory: {}, byAnswer: {}, answersByCategory: {}, examples: [] };
  const shown = new Map<string, number>();
  cases.forEach((c, i) => {
    const a = answers[i];
    f.byCategory[c.category] = (f.byCategory[c.category] ?? 0) + 1;
    const key = a.status === 0 ? `no answer (${a.error ?? '?'})` : `${a.status}${a.code ? ` ${a.code}` : ''}`;
    f.byAnswer[key] = (f.byAnswer[key] ?? 0) + 1;
    const ofCategory = (f.answersByCategory[c.category] ??= {});
    ofCategory[key] = (ofCategory[key] ?? 0) + 1;
    f.slowestMs = Math.max(f.slowestMs, a.ms);
    const bad = a.status === 0 || (a.status >= 200 && a.status < 300) || a.status >= 500 || (Object.hasOwn(EXACT_ANSWERS[c.endpoint], c.category) && key !== EXACT_ANSWERS[c.endpoint][c.category]);
    if (a.status === 0) f.noAnswer += 1;
    else if (a.status < 300) f.accepted += 1;
    else if (a.status >= 500) f.serverErrors += 1;
    if (bad && (shown.get(c.category) ?? 0) < 3) {
      shown.set(c.category, (shown.get(c.category) ?? 0) + 1);
      f.examples.push(`${key} for ${describeCase(c)}`);
    }
  });
  return f;
}

async function sendValid(o: FuzzOptions, endpoint: FuzzEndpoint, agent: http.Agent): Promise<ControlRequest> {
  const uuid = randomUUID();
  const now = new Date();
  const req =
    endpoint === FuzzEndpoint.EVENTS_API
      ? buildEventsApiRequest(
          [{ action: 'product.updated', event_id: randomUUID(), event_datetime: now.toISOString().replace(/\.\d{3}Z$/, '+00:00'), author: 'julia', author_type: 'ui', pim_source: 'https://pim.example.com', data: { resource: { uuid, identifier: 'SKU-CONTROL', values: {} } } }],
          o.secrets.events,
          Math.floor(now.getTime() / 1000),
        )
      : buildEventPlatformRequest(
          { specversion: '1.0', id: randomUUID(), source: 'akeneo-event-platform', type: 'com.akeneo.pim.v1.product.updated', subject: 'fuzz', datacontenttype: 'application/json', time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), data: { product: { uuid }, author: { identifier: 'julia', type: 'user' } } },
          { primary: o.secrets.platform },
        );
  const answer = await sendWire(o.apiUrl, { path: FUZZ_PATHS[endpoint], headers: req.headers, body: Buffer.from(req.body), chunked: false }, agent);
  return { endpoint, status: answer.status, ms: answer.ms, workflowId: entityWorkflowId({ kind: 'product', id: uuid }) };
}

async function workflowIdsOn(client: Client, taskQueue: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `TaskQueue = ${quoted(taskQueue)}` })) ids.push(wf.workflowId);
  return ids;
}

/** Waits until visibility shows every control workflow, then returns every workflow id on the task queue. */
async function settledWorkflowIds(o: FuzzOptions, expected: string[]): Promise<string[]> {
  const deadline = Date.now() + (o.visibilityTimeoutMs ?? 30_000);
  for (;;) {
    const ids = await workflowIdsOn(o.client, o.taskQueue);
    if (expected.every((id) => ids.includes(id)) || Date.now() > deadline) return ids;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** How long a case may wait for its answer before it counts as unanswered. */
const ANSWER_TIMEOUT_MS = 10_000;
/**
 * The same for a body over the 32 MiB limit. The API shares this process's event loop with the fuzz, which spends
 * ~100 ms of it building and signing each such body; the API then reads a big body at a few MB/s, and a chunked one
 * (whose size shows only as it arrives) measured up to 14 s. Still well under the API's own 60 s request timeout, so
 * a body the API stopped reading without answering is still caught.
 */
const OVERSIZED_ANSWER_TIMEOUT_MS = 30_000;

function answerTimeoutMs(c: FuzzCase): number {
  return c.body.kind === 'oversized' ? OVERSIZED_ANSWER_TIMEOUT_MS : ANSWER_TIMEOUT_MS;
}

/** Generates and sends the cases, and reports the figures and any problem. */
export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency ?? 20 });
  const problems: string[] = [];
  try {
    const arbs = { 'events-api': eventsApiCaseArb, 'event-platform': eventPlatformCaseArb } as const;
    const endpoints = {} as Record<FuzzEndpoint, EndpointFigures>;
    // Every case is generated before the first is sent: generating 10,000 takes seconds of a busy event loop, and
    // keep-alive sockets idle that long are closed by the server (Node's 5 s keepAliveTimeout) while the client,
    // not yet told, reuses them: ECONNRESET on the whole pool, a client artefact rather than an unanswered request.
    const endpointList = [FuzzEndpoint.EVENTS_API, FuzzEndpoint.EVENT_PLATFORM];
    const sampled = endpointList.map((endpoint, i) => fc.sample(arbs[endpoint], { numRuns: o.perEndpoint, seed: o.seed + i }));
    const before = await sendValid(o, FuzzEndpoint.EVENTS_API, agent);
    if (before.status !== 200) problems.push(`a valid request before the fuzz got ${before.status}`);
    for (const [i, endpoint] of endpointList.entries()) {
      const cases = sampled[i];
      const answers = await pool(cases, o.concurrency ?? 20, (c) => sendWire(o.apiUrl, materialize(c, o.secrets), agent, answerTimeoutMs(c)));
      const f = tally(cases, answers);
      endpoints[endpoint] = f;
      if (f.accepted > 0) problems.push(`${endpoint}: ${f.accepted} bad request(s) accepted`);
      if (f.serverErrors > 0) problems.push(`${endpoint}: ${f.serverErrors} answer(s) of 5xx`);
      if (f.noAnswer > 0) problems.push(`${endpoint}: ${f.noAnswer} request(s) without an answer`);
      for (const [category, answer] of Object.entries(EXACT_ANSWERS[endpoint])) {
        const others = Object.keys(f.answersByCategory[category] ?? {}).filter((key) => key !== answer);
        if (others.length > 0) problems.push(`${endpoint}: ${category} cases answered ${others.join(', ')}, not only ${answer}`);
      }
    }
    const validAfter = [await sendValid(o, FuzzEndpoint.EVENTS_API, agent), await sendValid(o, FuzzEndpoint.EVENT_PLATFORM, agent)];
    for (const v of validAfter) {
      if (v.status !== 200 || v.ms >= PROMPT_MS) problems.push(`${v.endpoint}: a valid request afterwards got ${v.status} in ${Math.round(v.ms)} ms`);
    }
    const expected = [before, ...validAfter].filter((v) => v.status === 200).map((v) => v.workflowId);
    const ids = await settledWorkflowIds(o, expected);
    const missing = expected.filter((id) => !ids.includes(id));
    if (missing.length) problems.push(`visibility never showed the control workflows ${missing.join(', ')}`);
    const strayWorkflowIds = ids.filter((id) => !expected.includes(id));
    if (strayWorkflowIds.length) problems.push(`${strayWorkflowIds.length} workflow(s) started by bad requests`);
    return { seed: o.seed, endpoints, workflowsStarted: strayWorkflowIds.length, strayWorkflowIds, validAfter, problems };
  } finally {
    agent.destroy();
  }
}
