/** The structure benchmark's goals (issue 14) and its detail table for bench/RESULTS.md. */
import type { StructureKindCounts } from '../src/workflows/structure-sync-definitions';
import type { Goal } from './report-types';
import type { StepTiming } from './run-breakdown';
import type { StructureFigures, StructureRunFigures } from './structure';

/** The re-run's goal: at most this many times the listing baseline. */
export const STRUCTURE_RERUN_GOAL_RATIO = 1.2;

const of = (f: StructureFigures | undefined) => (f ? ` of ${f.seed.attributes} attributes, ${f.seed.options} options, ${f.seed.categories} categories` : '');

/** The goals: every item at the third party after the first run; an unchanged re-run writes nothing, within 1.2 × the listing. */
export function structureGoals(f: StructureFigures | undefined): Goal[] {
  const label = (run: string) => `Structure sync${of(f)}, ${run}, PIM capped at ${f?.pimCapRps ?? 100}/s`;
  if (!f) {
    return [
      { id: 'structure-first', benchmark: label('first run into an empty third party'), goal: 'every item at the third party', measured: 'not measured', met: null },
      { id: 'structure-unchanged-writes', benchmark: label('unchanged re-run'), goal: 'zero writes', measured: 'not measured', met: null },
      { id: 'structure-unchanged-time', benchmark: label('unchanged re-run'), goal: `≤ ${STRUCTURE_RERUN_GOAL_RATIO} × the listing's minimum`, measured: 'not measured', met: null },
    ];
  }
  const short = f.kinds.filter((k) => k.thirdParty !== k.pim);
  const items = f.kinds.reduce((n, k) => n + k.pim, 0);
  const met = f.ratio <= STRUCTURE_RERUN_GOAL_RATIO;
  const b = f.baseline;
  return [
    {
      id: 'structure-first',
      benchmark: label('first run into an empty third party'),
      goal: 'every item at the third party',
      measured: `${items} items in ${f.first.seconds} s, ${f.first.pimRequests} PIM calls, ${f.first.writes} writes`,
      met: short.length === 0,
      ...(short.length > 0 && { why: short.map((k) => `${k.kind}: ${k.thirdParty} of ${k.pim}`).join(', ') }),
    },
    { id: 'structure-unchanged-writes', benchmark: label('unchanged re-run'), goal: 'zero writes', measured: `${f.unchanged.writes} writes`, met: f.unchanged.writes === 0 },
    {
      id: 'structure-unchanged-time',
      benchmark: label('unchanged re-run'),
      goal: `≤ ${STRUCTURE_RERUN_GOAL_RATIO} × the listing's minimum (the same pages listed by the service's PIM client alone)`,
      measured: `${f.unchanged.seconds} s vs ${b.seconds} s (× ${f.ratio}); ${b.pages} pages, floor at ${b.maxRps}/s ${b.floorS} s`,
      met,
      ...(!met && { why: `${f.unchanged.pimRequests} PIM calls; the rest is Temporal (see the structure detail)` }),
    },
  ];
}

const step = (t: StepTiming | undefined) => (t ? `${t.count} × ${t.queueMs} + ${t.runMs} ms` : '–');

/** The detail table: each run's figures, then the writes per kind. */
export function structureTable(f: StructureFigures): string[] {
  const row = (name: string, x: StructureRunFigures) =>
    `| ${name} | ${x.seconds} s | ${x.pimRequests} | ${x.writes} | ${step(x.breakdown.activities.syncStructurePages)} | ${step(x.breakdown.workflowTasks)} |`;
  const kind = (k: StructureFigures['kinds'][number]) => {
    const first = (f.first.counts as Record<string, StructureKindCounts | undefined>)[k.kind];
    const again = (f.unchanged.counts as Record<string, StructureKindCounts | undefined>)[k.kind];
    return `| ${k.kind} | ${k.pim} | ${k.thirdParty} | ${first?.written ?? 0} | ${again?.listed ?? 0} / ${again?.written ?? 0} |`;
  };
  const b = f.baseline;
  return [
    `Structure detail (${f.seed.attributes} attributes, ${f.seed.options} options, ${f.seed.categories} categories with the seed's baseline; the worker and the ` +
      `listing baseline at AKENEO_MAX_RPS=${b.maxRps}, AKENEO_MAX_CONCURRENCY=${b.maxConcurrency}; baseline ${b.seconds} s for ${b.pages} pages, ${b.items} items). ` +
      'Steps are count × mean queue + mean run time:',
    '',
    '| Run | Time | PIM calls | Writes | syncStructurePages | Workflow tasks |',
    '|---|---|---|---|---|---|',
    row('first, empty third party', f.first),
    row('unchanged re-run', f.unchanged),
    '',
    '| Kind | PIM | Third party | Written by the first run | Re-run listed / written |',
    '|---|---|---|---|---|',
    ...f.kinds.map(kind),
  ];
}
