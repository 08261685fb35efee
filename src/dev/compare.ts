/** Compares what the third party holds with what the PIM holds: the demo's and tests' "in sync" check. */
import { isDeepStrictEqual } from 'node:util';
import type { Catalog } from '../sim/catalog';
import type { ThirdPartySimulator } from '../sim/third-party-server';

/** How the third party differs from the PIM. */
export interface SyncDiff {
  /** In the PIM, absent from the third party. */
  missing: string[];
  /** In both, with different content. */
  stale: string[];
  /** In the third party, no longer in the PIM. */
  extra: string[];
}

/** Entities (products and product models) whose third-party copy differs from the PIM. */
export function diffWithPim(catalog: Catalog, thirdParty: ThirdPartySimulator): SyncDiff {
  const diff: SyncDiff = { missing: [], stale: [], extra: [] };
  const pairs: Array<[Map<string, unknown>, Map<string, unknown>]> = [
    [new Map(catalog.list().map((p) => [p.uuid, p])), thirdParty.products()],
    [new Map(catalog.listProductModels().map((m) => [m.code, m])), thirdParty.productModels()],
  ];
  for (const [source, target] of pairs) {
    for (const [id, entity] of source) {
      if (!target.has(id)) diff.missing.push(id);
      else if (!isDeepStrictEqual(target.get(id), entity)) diff.stale.push(id);
    }
    for (const id of target.keys()) if (!source.has(id)) diff.extra.push(id);
  }
  return diff;
}

/** True when the third party holds exactly the PIM's entities. */
export function inSync(diff: SyncDiff): boolean {
  return diff.missing.length + diff.stale.length + diff.extra.length === 0;
}
