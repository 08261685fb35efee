/** Compares the third party's catalogue structure and media files with the PIM simulator's: the demo's "in sync" check. */
import { isDeepStrictEqual } from 'node:util';
import type { Catalog } from '../sim/catalog';
import type { PimSimulator } from '../sim/pim-server';
import { StructureKind } from '../sim/structure/types';
import type { ThirdPartySimulator } from '../sim/third-party-server';

/** Items of one structure kind in the PIM and at the third party. */
export interface StructureKindCount {
  kind: StructureKind;
  pim: number;
  thirdParty: number;
}

const KINDS = Object.values(StructureKind);

/** The PIM's items of `kind` as `[parent, code]` pairs (parent `undefined` for top-level kinds). */
function pimItems(pim: PimSimulator, kind: StructureKind): Array<[string | undefined, string]> {
  const parentKind = kind === 'attribute-options' ? 'attributes' : kind === 'family-variants' ? 'families' : undefined;
  if (!parentKind) return pim.structure.codes(kind).map((code) => [undefined, code]);
  return pim.structure.codes(parentKind).flatMap((parent) => pim.structure.codes(kind, parent).map((code): [string, string] => [parent, code]));
}

/** Items per kind in the PIM and at the third party, in {@link StructureKind} order. */
export function structureCounts(pim: PimSimulator, thirdParty: ThirdPartySimulator): StructureKindCount[] {
  return KINDS.map((kind) => ({ kind, pim: pimItems(pim, kind).length, thirdParty: thirdParty.structure.list(kind).length }));
}

/** Keys (`kind/[parent/]code`) of structure items missing, different or extra at the third party. */
export function diffStructureWithPim(pim: PimSimulator, thirdParty: ThirdPartySimulator): string[] {
  const differ: string[] = [];
  for (const kind of KINDS) {
    const items = pimItems(pim, kind);
    for (const [parent, code] of items) {
      if (!isDeepStrictEqual(thirdParty.structure.get(kind, code, parent), pim.structure.get(kind, code, parent))) differ.push([kind, parent, code].filter((s) => s !== undefined).join('/'));
    }
    const extra = thirdParty.structure.list(kind).length - items.length;
    if (extra > 0) differ.push(`${kind}: ${extra} extra`);
  }
  return differ;
}

/** Media codes the PIM's products and product models use whose file is not at the third party (or differs in size or type). */
export function missingMedia(catalog: Catalog, pim: PimSimulator, thirdParty: ThirdPartySimulator): string[] {
  const attributes = pim.structure.mediaAttributeCodes();
  const codes = new Set<string>();
  for (const entity of [...catalog.list(), ...catalog.listProductModels()]) {
    for (const [attribute, values] of Object.entries(entity.values)) {
      if (!attributes.has(attribute)) continue;
      for (const v of values) if (typeof v.data === 'string') codes.add(v.data);
    }
  }
  return [...codes].filter((code) => {
    const source = pim.media.get(code);
    const copy = thirdParty.media.get(code);
    return !source || !copy || copy.size !== source.size || copy.contentType !== source.mime_type;
  });
}
