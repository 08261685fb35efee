/** Turns the figures into goals (met or not) and the Markdown of bench/RESULTS.md. */
import type { CoalescingFigures } from './coalescing';
import { eventPlatformGoal, eventPlatformTable, type EventPlatformFigures } from './event-platform-report';
import { firstLoadGoal, type FirstLoadFigures } from './first-load';
import type { FreshnessFigures } from './freshness';
import type { IngestFigures, IngestModeFigures } from './ingest-figures';
import type { MassEditFigures } from './mass-edit-figures';
import { massEditGoals, massEditTable } from './mass-edit-report';
import { mediaGoal, mediaTable, type MediaFigures } from './media-report';
import type { MemoryFigures } from './memory';
import type { ReconcileFigures, ReconcileRunFigures } from './reconcile';
import type { Goal } from './report-types';
import type { StepTiming } from './run-breakdown';
import type { StructureFigures } from './structure';
import { structureGoals, structureTable } from './structure-report';
import type { BenchTemporal } from './temporal';

/** Everything one run measured; a benchmark that failed has `error` instead of its figures. */
export interface BenchResults {
  date: string;
  mode: string;
  durationMin: number;
  machine: { cpus: number; model: string; memoryGiB: number; node: string; os: string; temporalCli: string };
  /** What the benchmarks ran on; absent in runs from before `--temporal` (the dev server). */
  temporal?: { kind: BenchTemporal; description: string };
  ingest?: IngestFigures;
  coalescing?: CoalescingFigures;
  freshness?: FreshnessFigures;
  massEdit?: MassEditFigures;
  eventPlatform?: EventPlatformFigures;
  firstLoad?: FirstLoadFigures;
  reconcile?: ReconcileFigures;
  memory?: MemoryFigures;
  media?: MediaFigures;
  structure?: StructureFigures;
  errors: Record<string, string>;
  goals: Goal[];
}

export type { Goal } from './report-types';

const ms = (x: number) => `${x} ms`;

/** The local stack runs the worker pair inside the API's process: say so wherever it matters. */
const workersLabel = (w: IngestModeFigures['workers']) => (w === 'running' ? 'worker pair running in the API process' : 'workers stopped');

function ingestGoals(i: IngestFigures | undefined): Goal[] {
  const modes = i?.modes ?? [];
  const find = (load: IngestModeFigures['load']) => modes.filter((m) => m.load === load);
  const goals: Goal[] = [];
  for (const m of find('paced')) {
    // The rate is ¼ of what this server saturates at, so it goes with the figures, not the label.
    const label = `Ingest, paced at ¼ of the raw saturation rate, ${workersLabel(m.workers)}`;
    const at = `${m.requestsPerS} req/s: `;
    goals.push({ id: `ingest-paced-${m.workers}-ratio`, benchmark: label, goal: 'API ack p99 ≤ 1.2 × raw p99', measured: `${at}${ms(m.api.p99Ms)} vs ${ms(m.raw.p99Ms)} (× ${m.p99Ratio})`, met: m.p99Ratio <= 1.2 });
    goals.push({ id: `ingest-paced-${m.workers}-p99`, benchmark: label, goal: "API ack p99 far under Akeneo's 0.5 s (< 0.25 s)", measured: `${at}p50 ${ms(m.api.p50Ms)}, p99 ${ms(m.api.p99Ms)}`, met: m.api.p99Ms < 250 });
  }
  for (const m of find('closed')) {
    const label = `Ingest, ${i?.senders} senders closed loop (saturation), ${workersLabel(m.workers)}`;
    const non200 = Object.entries(m.api.statuses).filter(([s]) => s !== '200').reduce((n, [, v]) => n + v, 0);
    goals.push({
      id: `ingest-closed-${m.workers}`,
      benchmark: label,
      goal: 'API events/s ≥ 0.8 × raw',
      measured: `${m.api.eventsPerS} vs ${m.raw.eventsPerS} events/s (× ${m.throughputRatio}); API p99 ${ms(m.api.p99Ms)}, raw p99 ${ms(m.raw.p99Ms)}; ${non200}/${m.api.count} API answers not 200`,
      met: m.throughputRatio >= 0.8,
    });
  }
  return goals.length ? goals : [{ id: 'ingest', benchmark: 'Ingest', goal: 'API p99 ≤ 1.2 × raw, events/s ≥ 0.8 × raw', measured: 'not measured', met: null }];
}

function reconcileGoals(r: ReconcileFigures | undefined, m: MemoryFigures | undefined): Goal[] {
  const runs: Array<[string, string, ReconcileRunFigures | undefined]> = [
    ['delta', 'delta, nothing changed', r?.unchangedDelta],
    ['full', 'full, nothing changed', r?.unchangedFull],
  ];
  const goals: Goal[] = [];
  // The product count goes with the figures: the cluster's default run has fewer products than the dev server's.
  const of = r ? `${r.products} products: ` : '';
  for (const [key, name, run] of runs) {
    const label = `Reconcile ${name}, PIM capped at ${r?.pimCapRps ?? 100}/s`;
    goals.push({
      id: `reconcile-${key}-pages`,
      benchmark: label,
      goal: 'PIM pages/s ≥ 0.8 × cap',
      measured: run ? `${of}${run.pimRequestsPerS}/s (× ${run.capShare}; ${run.pimRequests} requests in ${run.seconds} s)` : 'not measured',
      met: run ? run.capShare >= 0.8 : null,
    });
    goals.push({ id: `reconcile-${key}-writes`, benchmark: label, goal: 'zero writes', measured: run ? `${of}${run.writes} writes, ${run.deletes} deletes` : 'not measured', met: run ? run.writes + run.deletes === 0 : null });
  }
  goals.push({
    id: 'memory',
    benchmark: `Memory: worker RSS after every product workflow was touched${m ? ` (\`${m.worker}\`, default config)` : ''}`,
    goal: '< 500 MiB',
    measured: m ? `${m.workflowsTouched} workflows: ${m.rssAfterTouchMiB} MiB (idle ${m.rssIdleMiB}, end ${m.rssEndMiB}, peak ${m.peakRssMiB})` : 'not measured',
    met: m ? m.rssAfterTouchMiB < 500 && m.peakRssMiB < 500 : null,
  });
  return goals;
}

/** Every goal of the issue, with the measured value. */
export function evaluateGoals(r: Omit<BenchResults, 'goals'>): Goal[] {
  const goals = ingestGoals(r.ingest);
  for (const run of r.coalescing?.runs ?? []) {
    const shape = run.pattern === 'spread' ? `one every ${run.windowMs / run.updates} ms over ${run.windowMs / 1000} s` : 'all at once, 10 requests of 10';
    goals.push({
      id: `coalescing-${run.pattern}`,
      benchmark: `Coalescing: ${run.updates} updates to one product, ${shape}`,
      goal: '≤ 2 PIM fetches and ≤ 2 writes',
      measured: `${run.pimFetches} fetches, ${run.writes} writes`,
      met: run.pimFetches <= 2 && run.writes <= 2,
    });
  }
  if (!r.coalescing) goals.push({ id: 'coalescing', benchmark: 'Coalescing', goal: '≤ 2 PIM fetches and ≤ 2 writes', measured: 'not measured', met: null });
  const f = r.freshness;
  goals.push({
    id: 'freshness',
    benchmark: `Freshness: event → third-party write, no load${f ? ` (${f.samples} updates)` : ''}`,
    goal: 'p50 < 1 s, p99 < 3 s',
    measured: f ? `p50 ${ms(f.eventToWrite.p50Ms)}, p99 ${ms(f.eventToWrite.p99Ms)}` : 'not measured',
    met: f ? f.eventToWrite.p50Ms < 1000 && f.eventToWrite.p99Ms < 3000 : null,
  });
  return [
    ...goals,
    ...massEditGoals(r.massEdit),
    eventPlatformGoal(r.eventPlatform),
    firstLoadGoal(r.firstLoad),
    ...reconcileGoals(r.reconcile, r.memory),
    mediaGoal(r.media),
    ...structureGoals(r.structure),
  ];
}

const mark = (met: boolean | null) => (met === null ? '–' : met ? 'met' : '**not met**');

function answers(a: IngestModeFigures['api']): string {
  return Object.entries(a.statuses)
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ');
}

function ingestTable(i: IngestFigures): string[] {
  return [
    `Ingest detail (${i.senders} senders, ${i.eventsPerRequest} events per request; per side ${i.rounds} × ${i.phaseS} s closed loop and ${i.rounds} × ${i.pacedPhaseS} s paced, API and raw alternating):`,
    '',
    '| Workers | Load | API p50 / p99 | API events/s taken | API answers | Raw p50 / p99 | Raw events/s |',
    '|---|---|---|---|---|---|---|',
    ...i.modes.map((m) => {
      const load = m.load === 'paced' ? `paced, ${m.requestsPerS} req/s` : 'closed loop';
      const a = m.api;
      return `| ${m.workers} | ${load} | ${a.p50Ms} / ${a.p99Ms} ms | ${a.eventsPerS} | ${answers(a)} | ${m.raw.p50Ms} / ${m.raw.p99Ms} ms | ${m.raw.eventsPerS} |`;
    }),
  ];
}

function reconcileTable(r: ReconcileFigures): string[] {
  const row = (name: string, x: ReconcileRunFigures) => {
    const a = x.breakdown.activities;
    const step = (t: StepTiming | undefined) => (t ? `${t.count} × ${t.queueMs} + ${t.runMs} ms` : '–');
    return (
      `| ${name} | ${x.seconds} s | ${x.pimRequests} (${x.pimRequestsPerS}/s) | ${x.writes} / ${x.deletes} | ${x.counts.seen} / ${x.counts.signalled} / ${x.counts.unchanged} / ${x.counts.deleted} | ` +
      `${step(a.listPimPages ?? a.listPimPage)} | ${step(a.signalEntities)} | ${step(a.listSyncedEntities ?? a.listSyncedIds)} / ${step(a.findMissingInPim)} | ${step(x.breakdown.workflowTasks)} |`
    );
  };
  return [
    `Reconcile detail (${r.products} products; the first ${r.initial.mode ?? 'delta'} run over products nobody had synced took ${r.initial.convergeS} s until the third party equalled the PIM, ${r.initial.syncsPerS} products/s). ` +
      'Steps are count × mean queue + mean run time; a listing activity covers up to 10 PIM pages, a signalEntities call one listing, a findMissingInPim call one page of known ids (≤ 1,000):',
    '',
    '| Run | Time | PIM requests | Writes / deletes | Seen / signalled / unchanged / deleted | Listing | signalEntities | Sync-state scan / findMissingInPim | Workflow tasks |',
    '|---|---|---|---|---|---|---|---|---|',
    row('delta, nothing changed', r.unchangedDelta),
    row('full, nothing changed', r.unchangedFull),
    row('full, 1 % deleted in the PIM', r.fullWithDeletions),
  ];
}

/** What a run ran on, for its header line and column. */
function temporalOf(r: BenchResults): string {
  return r.temporal?.description ?? `${r.machine.temporalCli} dev server (SQLite in memory)`;
}

const KIND_TITLE: Record<BenchTemporal, string> = { dev: 'Dev server', cluster: 'Cluster' };

/** The line saying when, how and on what one column was measured. */
function measuredLine(r: BenchResults): string {
  const m = r.machine;
  const flags = [r.mode === 'default' ? '' : `--${r.mode}`, r.temporal?.kind === 'cluster' ? '--temporal cluster' : ''].filter(Boolean).join(' ');
  return (
    `${KIND_TITLE[r.temporal?.kind ?? 'dev']}: measured ${r.date} with \`npm run bench${flags ? ` -- ${flags}` : ''}\` (${r.durationMin} min) on ${m.cpus} × ${m.model}, ` +
    `${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; ${temporalOf(r)} on the same machine.`
  );
}

/**
 * The Markdown of bench/RESULTS.md: one goals table with a column per kind of Temporal measured (the dev server and
 * the cluster), joined on the goals' ids, then each run's detail tables.
 */
export function toMarkdown(runs: { dev?: BenchResults; cluster?: BenchResults }): string {
  const columns = (['dev', 'cluster'] as const).flatMap((kind) => (runs[kind] ? [{ kind, r: runs[kind] }] : []));
  const ids: string[] = [];
  const label = new Map<string, Goal>();
  for (const { r } of columns) {
    for (const g of r.goals) {
      if (!label.has(g.id)) ids.push(g.id);
      label.set(g.id, label.get(g.id) ?? g);
    }
  }
  const cell = (r: BenchResults, id: string) => {
    const g = r.goals.find((x) => x.id === id);
    return g ? `${g.measured}: ${mark(g.met)}${g.met === false && g.why ? ` (${g.why})` : ''}` : 'not measured';
  };
  const lines = [
    ...columns.map(({ r }) => `- ${measuredLine(r)}`),
    '',
    `| Benchmark | Goal | ${columns.map(({ kind }) => KIND_TITLE[kind]).join(' | ')} |`,
    `|---|---|${columns.map(() => '---|').join('')}`,
    ...ids.map((id) => {
      const g = label.get(id) as Goal;
      return `| ${g.benchmark} | ${g.goal} | ${columns.map(({ r }) => cell(r, id)).join(' | ')} |`;
    }),
    '',
  ];
  for (const { kind, r } of columns) {
    const title = columns.length > 1 ? `${KIND_TITLE[kind]}. ` : '';
    if (r.ingest) lines.push(...prefixed(title, ingestTable(r.ingest)), '');
    if (r.massEdit) lines.push(...prefixed(title, massEditTable(r.massEdit)), '');
    if (r.eventPlatform) lines.push(...prefixed(title, eventPlatformTable(r.eventPlatform)), '');
    if (r.reconcile) lines.push(...prefixed(title, reconcileTable(r.reconcile)), '');
    if (r.media) lines.push(...prefixed(title, mediaTable(r.media)), '');
    if (r.structure) lines.push(...prefixed(title, structureTable(r.structure)), '');
    for (const [name, message] of Object.entries(r.errors)) lines.push(`- ${title}${name} failed: ${message}`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** `lines` with `title` before the first (a detail table's caption). */
function prefixed(title: string, lines: string[]): string[] {
  return title ? [`${title}${lines[0]}`, ...lines.slice(1)] : lines;
}
