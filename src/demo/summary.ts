/** The demo's closing figures, read from the simulators and from each workflow's history query. */
import type { Client } from '@temporalio/client';
import { structureCounts, type StructureKindCount } from '../dev/compare-structure';
import type { LocalStack } from '../dev/local-stack';
import type { StructureSyncResult } from '../workflows/structure-sync-definitions';
import { syncHistoryQuery, type EntityRef } from '../workflows/definitions';
import { entityWorkflowId } from '../workflows/ids';
import type { ScenarioResult } from './scenario';

/** What the demo prints. */
export interface Summary {
  accepted: number;
  requestsOk: number;
  requestsFailed: number;
  pimProducts: number;
  thirdPartyProducts: number;
  thirdPartyModels: number;
  ignoredDuplicate: number;
  ignoredOutdated: number;
  pimFetches: number;
  writes: number;
  convergeMs: number;
  inSync: boolean;
  /** Structure items per kind in the PIM and at the third party. */
  structure: StructureKindCount[];
  /** Structure items the run wrote (all kinds), and how long the run took. */
  structureWritten: number;
  structureMs: number;
  /** Media files in the PIM / at the third party, bytes at the third party, downloads the PIM served. */
  pimMediaFiles: number;
  thirdPartyMediaFiles: number;
  thirdPartyMediaBytes: number;
  mediaDownloads: number;
}

/** Collects the summary; queries every entity workflow the scenario touched. */
export async function summarize(client: Client, stack: LocalStack, r: ScenarioResult, structureRun: { counts: StructureSyncResult; ms: number }, inSync: boolean, convergeMs: number): Promise<Summary> {
  const refs: EntityRef[] = [
    ...r.productIds.map((id): EntityRef => ({ kind: 'product', id })),
    ...r.modelCodes.map((id): EntityRef => ({ kind: 'product-model', id })),
  ];
  let ignoredDuplicate = 0;
  let ignoredOutdated = 0;
  for (const ref of refs) {
    const h = await client.workflow.getHandle(entityWorkflowId(ref)).query(syncHistoryQuery);
    ignoredDuplicate += h.duplicatesIgnored ?? 0;
    ignoredOutdated += h.entries.filter((e) => e.kind === 'ignored-outdated').length;
  }
  const ok = r.records.filter((x) => x.status === 200).length;
  return {
    accepted: r.accepted,
    requestsOk: ok,
    requestsFailed: r.records.length - ok,
    pimProducts: stack.catalog.list().length,
    thirdPartyProducts: stack.thirdParty.products().size,
    thirdPartyModels: stack.thirdParty.productModels().size,
    ignoredDuplicate,
    ignoredOutdated,
    // Products and product models only: structure listings and media downloads have lines of their own.
    pimFetches: stack.pim.requests.filter((q) => q.method === 'GET' && q.status !== 429 && q.path.startsWith('/api/rest/v1/product')).length,
    writes: stack.thirdParty.writes,
    convergeMs,
    inSync,
    structure: structureCounts(stack.pim, stack.thirdParty),
    structureWritten: Object.values(structureRun.counts).reduce((n, c) => n + (c?.written ?? 0), 0),
    structureMs: structureRun.ms,
    pimMediaFiles: stack.pim.media.codes().length,
    thirdPartyMediaFiles: stack.thirdParty.media.list().length,
    thirdPartyMediaBytes: stack.thirdParty.media.list().reduce((n, f) => n + f.size, 0),
    mediaDownloads: stack.pim.media.downloads,
  };
}
