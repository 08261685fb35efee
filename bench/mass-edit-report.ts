/** The mass-edit benchmark's goals (issue 15) and its detail table for bench/RESULTS.md. */
import type { MassEditFigures, MassEditRunFigures } from './mass-edit-figures';
import { MASS_EDIT_CONCURRENCIES } from './options';
import type { Goal } from './report-types';

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
const SENDER_TIMEOUT_TEXT = '0.5 s';

/** Answers by status, `0` spelled as what it is. */
export function answersText(answers: Readonly<Record<string, number>>): string {
  return Object.entries(answers)
    .map(([status, n]) => `${n} × ${status === '0' ? 'no answer' : status}`)
    .join(', ');
}

/** Outcomes of the API's events counter, as `n outcome`. */
function outcomesText(byOutcome: Readonly<Record<string, number>>): string {
  return Object.entries(byOutcome)
    .map(([o, n]) => `${n} ${o}`)
    .join(', ') || 'no events counted';
}

function refused(r: MassEditRunFigures): string {
  const not200 = Object.entries(r.api.answers).filter(([s]) => s !== '200').reduce((n, [, v]) => n + v, 0);
  return `${not200}/${r.requests} requests not answered 200 (${answersText(r.api.answers)}; ${r.api.senderTimeouts} sender timeouts)`;
}

/** Where a slow ack's time went: in the API's handler (its histogram), or outside it (the sender's clock only). */
function ackWhy(r: MassEditRunFigures): string {
  const { api } = r;
  if (r.ackP99Ms === null) return refused(r);
  const late = `${api.ack200.lateForSender} of ${api.ack200.answered} answers 200 reached the sender after its ${SENDER_TIMEOUT_TEXT} timeout`;
  if (api.apiAck.count > 0 && api.apiAck.p99Ms >= 500) return `${late}; the API itself took ${api.apiAck.beyondLastBucket ? 'over ' : ''}${api.apiAck.p99Ms} ms to answer 200 (p99 of its histogram)`;
  return `${late}; the API timed its p99 at ${api.apiAck.p99Ms} ms: the rest went outside its handler (sockets, event loops, a loaded machine)`;
}

function ackMeasured(r: MassEditRunFigures): string {
  const { api } = r;
  if (r.ackP99Ms === null) return 'no request answered 200';
  const apiP99 = `${api.apiAck.beyondLastBucket ? '≥ ' : ''}${api.apiAck.p99Ms} ms`;
  return `${r.ackP99AtLeast ? '≥ ' : ''}${r.ackP99Ms} ms over ${api.ack200.answered} answers 200 (${api.ack200.lateForSender} after the sender's timeout); API histogram p99 ${apiP99}`;
}

function runGoals(c: number, r: MassEditRunFigures | undefined): Goal[] {
  const label = `Mass edit: ${r ? `${r.products} new products` : 'new products'}, ${c} concurrent legacy senders (0.5 s timeout, no retry), reconcile off`;
  const id = `mass-edit-c${c}`;
  if (!r) {
    return [
      { id: `${id}-reached`, benchmark: label, goal: 'products reaching the third party ≥ 99 %', measured: 'not measured', met: null },
      { id: `${id}-taken`, benchmark: label, goal: 'events durably taken by the API / by raw `signalWithStart` ≥ 0.9', measured: 'not measured', met: null },
      { id: `${id}-ack-p99`, benchmark: label, goal: 'ack p99 of the requests answered 200 < 500 ms', measured: 'not measured', met: null },
      { id: `${id}-pim-calls`, benchmark: label, goal: 'PIM calls per product synced ≤ 0.05', measured: 'not measured', met: null },
    ];
  }
  const { api, raw } = r;
  const reachedMet = r.reachedShare >= 0.99;
  const takenMet = r.takenRatio !== null && r.takenRatio >= 0.9;
  const ackMet = r.ackP99Ms !== null && !r.ackP99AtLeast && r.ackP99Ms < 500;
  const pimMet = r.pimCallsPerProduct !== null && r.pimCallsPerProduct <= 0.05;
  return [
    {
      id: `${id}-reached`,
      benchmark: label,
      goal: 'products reaching the third party ≥ 99 %',
      measured: `${api.reached}/${r.products} (${pct(r.reachedShare)}), last one after ${api.syncS} s`,
      met: reachedMet,
      ...(!reachedMet && { why: `${refused(r)}; the wait ended: ${api.arrivalsEndedBy}` }),
    },
    {
      id: `${id}-taken`,
      benchmark: label,
      goal: 'events durably taken by the API / by raw `signalWithStart` ≥ 0.9',
      measured: `${api.eventsTaken} vs ${raw.taken} of ${r.products} (× ${r.takenRatio ?? 'n/a'})`,
      met: takenMet,
      ...(!takenMet && { why: `API events by outcome: ${outcomesText(api.eventsByOutcome)}; ${api.entityWorkflows ?? '?'} entity workflows exist; raw: ${raw.failed} failed, ${raw.unsettled} unsettled` }),
    },
    {
      id: `${id}-ack-p99`,
      benchmark: label,
      goal: 'ack p99 of the requests answered 200 < 500 ms',
      measured: ackMeasured(r),
      met: ackMet,
      ...(!ackMet && { why: ackWhy(r) }),
    },
    {
      id: `${id}-pim-calls`,
      benchmark: label,
      goal: 'PIM calls per product synced ≤ 0.05',
      measured: `${api.pimRequests} PIM requests for ${api.reached} products synced (${r.pimCallsPerProduct ?? 'n/a'})`,
      met: pimMet,
      ...(!pimMet && { why: r.pimCallsPerProduct === null ? 'no product was synced' : `${r.pimCallsPerProduct} PIM requests per product synced: the batched reads gathered ${r.pimCallsPerProduct > 0 ? Math.round(1 / r.pimCallsPerProduct) : '?'} products per request on average` }),
    },
  ];
}

/** The mass-edit goals: four per sender pool of {@link MASS_EDIT_CONCURRENCIES}, `not measured` when absent. */
export function massEditGoals(f: MassEditFigures | undefined): Goal[] {
  const pools = f ? f.runs.map((r) => r.concurrency) : [...MASS_EDIT_CONCURRENCIES];
  return pools.flatMap((c) => runGoals(c, f?.runs.find((r) => r.concurrency === c)));
}

/** The detail table: where each run's time and events went. */
export function massEditTable(f: MassEditFigures): string[] {
  return [
    `Mass-edit detail (${f.products} new products, requests of ${f.eventsPerRequest}, sender timeout ${f.senderTimeoutMs} ms, no retry; ` +
      'API and worker in their own processes; raw: the same requests signalled straight to Temporal, the worker running):',
    '',
    '| Senders | API answers | API events by outcome | Entity workflows | Send / last arrival / wall | PIM requests | Raw taken / timeouts / p99 | Raw send / settle |',
    '|---|---|---|---|---|---|---|---|',
    ...f.runs.map((r) => {
      const { api, raw } = r;
      return (
        `| ${r.concurrency} | ${answersText(api.answers)} | ${outcomesText(api.eventsByOutcome)} | ${api.entityWorkflows ?? '?'} | ${api.sendS} s / ${api.syncS} s / ${api.wallS} s | ${api.pimRequests} | ` +
        `${raw.taken} / ${raw.timeouts} / ${raw.p99Ms === null ? '–' : `${raw.p99Ms} ms`} | ${raw.sendS} s / ${raw.settleS} s |`
      );
    }),
  ];
}
