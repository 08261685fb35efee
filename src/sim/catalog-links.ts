/** The catalog's secondary indexes: the children of each product model, and product uuids by identifier. */
import type { SimEntityKind } from './catalog-types';

/** Parent links and identifiers, kept up to date by the catalog on every change. */
export class CatalogLinks {
  private readonly children = new Map<string, Set<string>>();
  private readonly uuids = new Map<string, string>();

  /** Records that `kind:id` moved from `before` to `after` (either may be null: no parent). */
  moveChild(kind: SimEntityKind, id: string, before: string | null, after: string | null): void {
    if (before === after) return;
    const key = `${kind}:${id}`;
    if (before !== null) {
      const set = this.children.get(before);
      set?.delete(key);
      if (set?.size === 0) this.children.delete(before);
    }
    if (after !== null) {
      const set = this.children.get(after) ?? new Set<string>();
      set.add(key);
      this.children.set(after, set);
    }
  }

  /** How many products and product models have `code` as their parent. */
  childCount(code: string): number {
    return this.children.get(code)?.size ?? 0;
  }

  /** Records that product `uuid` changed its identifier from `before` to `after`. */
  moveIdentifier(uuid: string, before: string | undefined, after: string | undefined): void {
    if (before === after) return;
    if (before !== undefined && this.uuids.get(before) === uuid) this.uuids.delete(before);
    if (after !== undefined) this.uuids.set(after, uuid);
  }

  /** The uuid of the product whose identifier is `identifier`, if any. */
  uuidOf(identifier: string): string | undefined {
    return this.uuids.get(identifier);
  }
}
