/**
 * The first load (issue 15): every product of the PIM into an empty third party by a full reconcile started as
 * `npm run cli -- resync-all` starts it, timed until the third party equals the PIM. Measured by bench/reconcile.ts
 * (its first run); this module holds its figures and its goal.
 */
import type { Goal } from './report-types';
import { round } from './util';

/**
 * Seconds the first load of {@link FIRST_LOAD_BEFORE_PRODUCTS} products took on this machine before issue 15, as
 * the issue states it ("the first load of 10,000 products took 319 s (`npm run bench`, 2026-12-01)"). Note:
 * bench/results.json of that day (commit 864bdf6, the first delta run on the faithful PIM) records 569.7 s; the
 * goal keeps the issue's figure.
 */
export const FIRST_LOAD_BEFORE_S = 319;
/** Products of that first load. */
export const FIRST_LOAD_BEFORE_PRODUCTS = 10_000;
/** The goal: at most this share of the time before. */
export const FIRST_LOAD_GOAL_SHARE = 0.3;

/** Figures of the first load. */
export interface FirstLoadFigures {
  products: number;
  /** The reconcile mode of the run (`full`, as resync-all). */
  mode: 'full';
  /** The reconcile workflow's own run. */
  runS: number;
  /** From its start until the third party equalled the PIM. */
  convergeS: number;
  productsPerS: number;
  /** REST requests the PIM received until then (listing pages and product reads). */
  pimRequests: number;
  pimRequestsPerProduct: number;
  /** The goal for this many products: {@link FIRST_LOAD_GOAL_SHARE} × the time before, scaled by the product count. */
  budgetS: number;
}

/** The time the goal allows for `products` products. */
export function firstLoadBudgetS(products: number): number {
  return round((FIRST_LOAD_GOAL_SHARE * FIRST_LOAD_BEFORE_S * products) / FIRST_LOAD_BEFORE_PRODUCTS);
}

/** The first-load goal. */
export function firstLoadGoal(f: FirstLoadFigures | undefined): Goal {
  const before = `${FIRST_LOAD_GOAL_SHARE} × ${FIRST_LOAD_BEFORE_S} s`;
  const goal = `≤ ${before} = ${firstLoadBudgetS(FIRST_LOAD_BEFORE_PRODUCTS)} s for ${FIRST_LOAD_BEFORE_PRODUCTS} products (scaled by the product count)`;
  const benchmark = `First load${f ? ` of ${f.products} products` : ''} by a full reconcile (as resync-all) into an empty third party, PIM capped at 100/s`;
  if (!f) return { id: 'first-load', benchmark, goal, measured: 'not measured', met: null };
  const met = f.convergeS <= f.budgetS;
  return {
    id: 'first-load',
    benchmark,
    goal,
    measured: `${f.convergeS} s (budget ${f.budgetS} s; ${f.productsPerS} products/s, ${f.pimRequests} PIM requests)`,
    met,
    ...(!met && { why: firstLoadWhy(f) }),
  };
}

/** Why a first load took longer than its budget: the PIM's pace when it was busy, Temporal's otherwise. */
function firstLoadWhy(f: FirstLoadFigures): string {
  const perS = round(f.pimRequests / f.convergeS);
  const pim = `${f.pimRequestsPerProduct} PIM requests per product, ${perS} requests/s`;
  // The benchmark's PIM allows 100 requests/s: under half of that, the PIM was not what held the load back.
  if (perS >= 50) return `${pim}: the PIM's pace; the reconcile itself ran ${f.runS} s`;
  return `${pim} (the PIM allows 100): the pace is Temporal's, ${f.productsPerS} new entity workflows/s on this machine (each a start, two workflow tasks and one activity); the reconcile itself ran ${f.runS} s`;
}
