/** Compares what the third party holds with what the PIM holds: the demo's and tests' "in sync" check. */
import { isDeepStrictEqual } from 'node:util';
import type { Catalog } from '../sim/catalog';
import type { SimValue } from '../sim/catalog-types';
import { withMediaLinks } from '../sim/media/media-links';
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

/** The PIM's media attributes and its origin: the REST API adds `_links.download` to their values. */
export interface MediaLinks {
  attributes: ReadonlySet<string>;
  origin: string;
}

/**
 * Entities (products and product models) whose third-party copy differs from the PIM. With `media`, the PIM's
 * entities are compared as the REST API shows them, download links on media values included.
 */
export function diffWithPim(catalog: Catalog, thirdParty: ThirdPartySimulator, media?: MediaLinks): SyncDiff {
  const diff: SyncDiff = { missing: [], stale: [], extra: [] };
  const shown = <T extends { values: Record<string, SimValue[]> }>(e: T): T => (media ? withMediaLinks(e, media.attributes, media.origin) : e);
  const pairs: Array<[Map<string, unknown>, Map<string, unknown>]> = [
    [new Map(catalog.list().map((p) => [p.uuid, shown(p)])), thirdParty.products()],
    [new Map(catalog.listProductModels().map((m) => [m.code, shown(m)])), thirdParty.productModels()],
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
