/**
 * The ingest benchmark's load generator, run as a child process (`fork`) so its CPU is not the API's:
 * closed-loop senders that POST signed legacy requests to the API, or, for the raw baseline, call
 * `signalWithStart` from a plain Temporal client with the same events. Driven over IPC by bench/ingest.ts.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { PRODUCT_SYNC_WORKFLOW } from '../src/api/temporal-intake';
import { entityEventSignal, type EntityEvent } from '../src/workflows/definitions';
import { entityWorkflowId } from '../src/workflows/ids';
import { buildIngestRequests, type IngestRequest, type IngestRequestSpec } from './ingest-requests';

/** Requests generated per second of a phase: a ceiling of 4,000 events/s, far above what one machine takes. */
const REQUESTS_PER_SECOND_CEILING = 400;
/** A request that takes longer is abandoned and counted with status 0. */
const REQUEST_TIMEOUT_MS = 10_000;

/** What the parent asks. */
export type LoadCommand =
  | {
      type: 'run';
      kind: 'api' | 'raw';
      durationMs: number;
      senders: number;
      /** Paced: requests per second in all, spread evenly over the senders. Absent: closed loop, no pause. */
      ratePerS?: number;
      spec: Omit<IngestRequestSpec, 'count' | 'nowMs'>;
      apiUrl: string;
      taskQueue: string;
    }
  | { type: 'touch'; pool: string[]; taskQueue: string; senders: number; eventDate: string }
  | { type: 'exit' };

/** One phase's raw figures. */
export interface LoadResult {
  kind: 'api' | 'raw';
  latenciesMs: number[];
  /** Answers by HTTP status (`raw`: `ok` or `error`); 0 is a timeout or a connection failure. */
  statuses: Record<string, number>;
  /** Events in requests answered 200 (`raw`: whose every signal succeeded). */
  eventsAcknowledged: number;
  elapsedMs: number;
  /** True when the senders used every generated request before the phase's end. */
  exhausted: boolean;
  /** Paced only: requests sent more than 50 ms after their planned time (a sender was still waiting). */
  late: number;
}

/** What the child answers. */
export type LoadReply = { type: 'ready' } | { type: 'result'; result: LoadResult } | { type: 'touched'; errors: number } | { type: 'error'; message: string };

const temporalAddress = process.argv[2] ?? '127.0.0.1:7233';
let client: Client | undefined;
/** Kept for the child's lifetime, so a phase does not pay for opening connections the previous one had open. */
let agent: http.Agent | undefined;

async function temporal(): Promise<Client> {
  client ??= new Client({ connection: await Connection.connect({ address: temporalAddress }), namespace: 'default' });
  return client;
}

function signal(c: Client, taskQueue: string, event: EntityEvent): Promise<unknown> {
  return c.workflow.signalWithStart(PRODUCT_SYNC_WORKFLOW, {
    workflowId: entityWorkflowId(event.ref),
    taskQueue,
    args: [{ ref: event.ref }],
    signal: entityEventSignal,
    signalArgs: [event],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

function post(agent: http.Agent, url: URL, request: IngestRequest): Promise<number> {
  return new Promise((resolve) => {
    const headers = { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) };
    const req = http.request(url, { method: 'POST', agent, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end(request.body);
  });
}

/**
 * Runs `senders` loops over `requests` until `durationMs` has passed or the requests run out. Closed loop:
 * each sender sends its next request as soon as the previous one is answered. Paced (`ratePerS`): sender k
 * sends at start + (k + j × senders) / ratePerS, or as soon as it can when it is behind.
 */
async function loop(kind: LoadResult['kind'], requests: IngestRequest[], o: { senders: number; durationMs: number; ratePerS?: number }, send: (r: IngestRequest) => Promise<string>): Promise<LoadResult> {
  const result: LoadResult = { kind, latenciesMs: [], statuses: {}, eventsAcknowledged: 0, elapsedMs: 0, exhausted: false, late: 0 };
  const start = performance.now();
  const end = start + o.durationMs;
  const gapMs = o.ratePerS ? 1000 / o.ratePerS : 0;
  let next = 0;
  const sender = async (k: number): Promise<void> => {
    for (let j = 0; ; j++) {
      const planned = start + (k + j * o.senders) * gapMs;
      if (planned >= end || performance.now() >= end) return;
      if (next >= requests.length) {
        result.exhausted = true;
        return;
      }
      const wait = planned - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else if (gapMs > 0 && wait < -50) result.late += 1;
      const request = requests[next++];
      const t = performance.now();
      const status = await send(request);
      result.latenciesMs.push(performance.now() - t);
      result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      if (status === '200' || status === 'ok') result.eventsAcknowledged += request.events.length;
    }
  };
  await Promise.all(Array.from({ length: o.senders }, (_, k) => sender(k)));
  result.elapsedMs = Math.max(performance.now() - start, o.ratePerS ? o.durationMs : 0);
  return result;
}

async function run(cmd: Extract<LoadCommand, { type: 'run' }>): Promise<LoadResult> {
  const count = Math.ceil((cmd.durationMs / 1000) * (cmd.ratePerS ?? REQUESTS_PER_SECOND_CEILING)) + cmd.senders;
  const requests = buildIngestRequests({ ...cmd.spec, count, nowMs: Date.now() });
  if (cmd.kind === 'raw') {
    const c = await temporal();
    return loop('raw', requests, cmd, async (r) => {
      try {
        await Promise.all(r.events.map((e) => signal(c, cmd.taskQueue, e)));
        return 'ok';
      } catch {
        return 'error';
      }
    });
  }
  const sockets = (agent ??= new http.Agent({ keepAlive: true, maxSockets: cmd.senders }));
  const url = new URL('/akeneo/events', cmd.apiUrl);
  return loop('api', requests, cmd, (r) => post(sockets, url, r).then(String));
}

/** Starts every pool product's workflow with one `created` event (the warm-up), `senders` at a time. */
async function touch(cmd: Extract<LoadCommand, { type: 'touch' }>): Promise<number> {
  const c = await temporal();
  let next = 0;
  let errors = 0;
  const sender = async (): Promise<void> => {
    while (next < cmd.pool.length) {
      const id = cmd.pool[next++];
      const event: EntityEvent = { ref: { kind: 'product', id }, eventId: randomUUID(), action: 'created', eventDate: cmd.eventDate, source: 'events-api' };
      await signal(c, cmd.taskQueue, event).catch(() => (errors += 1));
    }
  };
  await Promise.all(Array.from({ length: cmd.senders }, sender));
  return errors;
}

async function handle(cmd: LoadCommand): Promise<LoadReply | undefined> {
  if (cmd.type === 'run') return { type: 'result', result: await run(cmd) };
  if (cmd.type === 'touch') return { type: 'touched', errors: await touch(cmd) };
  agent?.destroy();
  await client?.connection.close();
  process.disconnect?.();
  return undefined;
}

process.on('message', (cmd: LoadCommand) => {
  handle(cmd).then(
    (reply) => reply && process.send?.(reply),
    (err: unknown) => process.send?.({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies LoadReply),
  );
});
// The parent is gone (it finished, or was aborted): nothing left to do.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' } satisfies LoadReply);
