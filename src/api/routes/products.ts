/** Operator routes: an entity's sync history (the workflow's query) and the liveness/readiness probes. */
import Router, { type RouterContext } from '@koa/router';
import { z } from 'zod';
import type { EntityRef, SyncHistory } from '../../workflows/definitions';
import { entityCodeProblem } from '../../domain/entity-code';
import { HttpError } from '../errors';
import { type ApiState, type HistoryReader, HistoryUnavailableError } from '../ports';

/** What the history routes need. */
export interface HistoryRouteDeps {
  history: HistoryReader;
}

const uuid = z.uuid();

async function answerHistory(ctx: RouterContext<ApiState>, history: HistoryReader, ref: EntityRef): Promise<void> {
  let found: SyncHistory | undefined;
  try {
    found = await history.read(ref);
  } catch (err) {
    if (!(err instanceof HistoryUnavailableError)) throw err;
    ctx.state.log.warn({ err }, 'history not readable');
    throw new HttpError(503, 'temporal_unavailable', 'Temporal could not answer; try again');
  }
  if (!found) throw new HttpError(404, 'not_found', `no sync workflow for ${ref.kind} ${ref.id}`);
  ctx.body = found;
}

/** `GET /products/:uuid/history` and `GET /product-models/:code/history`: the entity's {@link SyncHistory}. */
export function historyRouter(deps: HistoryRouteDeps): Router<ApiState> {
  const router = new Router<ApiState>();
  router.get('/products/:uuid/history', async (ctx) => {
    const id = uuid.safeParse(ctx.params.uuid);
    if (!id.success) throw new HttpError(400, 'invalid_id', 'the product id must be a uuid');
    await answerHistory(ctx, deps.history, { kind: 'product', id: id.data.toLowerCase() });
  });
  router.get('/product-models/:code/history', async (ctx) => {
    const problem = entityCodeProblem(ctx.params.code);
    if (problem) throw new HttpError(400, 'invalid_id', `the product-model code ${problem}`);
    await answerHistory(ctx, deps.history, { kind: 'product-model', id: ctx.params.code });
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
