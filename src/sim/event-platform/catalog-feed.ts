/** Reads a catalog's change log for the Event Platform: new changes as event templates, each with its delta. */
import type { Catalog } from '../catalog';
import type { CatalogChange, SimProduct, SimProductModel } from '../catalog-types';
import { templatesOf, type EventTemplate } from './platform-events';

/** A cursor on one catalog's change log, remembering each entity as its last change left it. */
export class CatalogFeed {
  private cursor: number;
  private readonly last = new Map<string, SimProduct | SimProductModel>();

  /** Changes up to `fromSeq` (default: all those logged now) are history: they give no events. */
  constructor(
    private readonly catalog: Catalog,
    fromSeq: number = catalog.lastSeq,
  ) {
    this.cursor = fromSeq;
    for (const change of catalog.changes(0).slice(0, fromSeq)) this.remember(change);
  }

  /** The events of the changes logged since the last call, oldest first. */
  pull(): EventTemplate[] {
    const changes = this.catalog.changes(this.cursor);
    this.cursor = this.catalog.lastSeq;
    return changes.flatMap((change) => {
      const templates = templatesOf(change, this.last.get(keyOf(change)));
      this.remember(change);
      return templates;
    });
  }

  private remember(change: CatalogChange): void {
    if (change.action === 'removed') this.last.delete(keyOf(change));
    else this.last.set(keyOf(change), change.snapshot);
  }
}

function keyOf(change: CatalogChange): string {
  return `${change.kind}:${change.id}`;
}
