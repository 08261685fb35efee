/** An entity's sync history (the workflow's query; an operator route), and the liveness/readiness probes (open). */
import Router, { type RouterContext } from '@koa/router';
import type { Middleware } from 'koa';
import { z } from 'zod';
import type { EntityRef, SyncHistory } from '../../workflows/definitions';
import { entityCodeProblem } from '../../domain/entity-code';
import { HttpError } from '../errors';
import { type ApiState, type HistoryReader, HistoryUnavailableError } from '../ports';

/**
 * Most history queries in flight per API process. Each costs a Temporal query that a worker must answer (up to
 * 2 s), and an operator asks for a few at a time: more are answered 429 at once rather than queued.
 */
export const MAX_HISTORY_QUERIES = 8;

/** What the history routes need. */
export interface HistoryRouteDeps {
  history: HistoryReader;
  /** Checks the operator's credentials first (see operator-auth.ts). */
  operator: Middleware<ApiState>;
  /** Default {@link MAX_HISTORY_QUERIES}. */
  maxQueries?: number;
}

/** Runs history reads, at most `max` at once; past that, 429 `too_many_requests` without asking Temporal. */
class QueryCap {
  private running = 0;
  constructor(private readonly max: number) {}

  async run<T>(ctx: RouterContext<ApiState>, read: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      ctx.set('Retry-After', '1');
      throw new HttpError(429, 'too_many_requests', `${this.max} history queries are already running; retry`);
    }
    this.running++;
    try {
      return await read();
    } finally {
      this.running--;
    }
  }
}

const uuid = z.uuid();

async function answerHistory(ctx: RouterContext<ApiState>, history: HistoryReader, cap: QueryCap, ref: EntityRef): Promise<void> {
  let found: SyncHistory | undefined;
  try {
    found = await cap.run(ctx, () => history.read(ref));
  } catch (err) {
    if (!(err instanceof HistoryUnavailableError)) throw err;
    ctx.state.log.warn({ err }, 'history not readable');
    throw new HttpError(503, 'temporal_unavailable', 'Temporal could not answer; try again');
  }
  if (!found) throw new HttpError(404, 'not_found', `no sync workflow for ${ref.kind} ${ref.id}`);
  ctx.body = found;
}

/**
 * `GET /products/:uuid/history` and `GET /product-models/:code/history`: the entity's {@link SyncHistory}, behind
 * the operator's credentials and at most {@link MAX_HISTORY_QUERIES} at once.
 */
export function historyRouter(deps: HistoryRouteDeps): Router<ApiState> {
  const router = new Router<ApiState>();
  const cap = new QueryCap(deps.maxQueries ?? MAX_HISTORY_QUERIES);
  router.get('/products/:uuid/history', deps.operator, async (ctx) => {
    const id = uuid.safeParse(ctx.params.uuid);
    if (!id.success) throw new HttpError(400, 'invalid_id', 'the product id must be a uuid');
    await answerHistory(ctx, deps.history, cap, { kind: 'product', id: id.data.toLowerCase() });
  });
  router.get('/product-models/:code/history', deps.operator, async (ctx) => {
    const problem = entityCodeProblem(ctx.params.code);
    if (problem) throw new HttpError(400, 'invalid_id', `the product-model code ${problem}`);
    await answerHistory(ctx, deps.history, cap, { kind: 'product-model', id: ctx.params.code });
  });
  return router;
}

/** What the probes need. */
export interface HealthRouteDeps {
  /** Resolves true when Temporal is reachable. */
  readiness: () => Promise<boolean>;
}

/** `GET /healthz` (the process is up) and `GET /readyz` (Temporal is reachable). */
export function healthRouter(deps: HealthRouteDeps): Router<ApiState> {
  const router = new Router<ApiState>();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const ready = await deps.readiness().catch(() => false);
    if (!ready) throw new HttpError(503, 'temporal_unavailable', 'Temporal is not reachable');
    ctx.body = { status: 'ok' };
  });
  return router;
}
