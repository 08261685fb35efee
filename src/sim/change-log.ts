/** The catalog's bookkeeping: the change log the EventSender reads, Akeneo dates, and per-entity rename counters. */
import {
  formatAkeneoDate,
  skuOf,
  type CatalogChange,
  type ChangeAction,
  type SimEntityKind,
  type SimProduct,
  type SimProductModel,
  type SimValue,
} from './catalog-types';
import { cloneEntity, value } from './catalog-values';

/** The log of catalog changes, `seq` from 1: what the EventSender turns into events. */
export class ChangeLog {
  private readonly entries: CatalogChange[] = [];

  /** Appends a change with a copy of `entity`; `at` defaults to the entity's `updated`. */
  append(kind: SimEntityKind, action: ChangeAction, id: string, entity: SimProduct | SimProductModel, at?: string): void {
    const identifier = kind === 'product' ? skuOf(entity) : undefined;
    this.entries.push({
      seq: this.entries.length + 1,
      kind,
      action,
      id,
      ...(identifier !== undefined ? { identifier } : {}),
      at: at ?? entity.updated,
      snapshot: cloneEntity(entity),
    });
  }

  /** Changes with `seq` greater than `afterSeq`, oldest first, in O(result). */
  after(afterSeq: number): CatalogChange[] {
    return this.entries.slice(Math.max(0, Math.floor(afterSeq))); // seq n sits at index n - 1
  }

  /** `seq` of the latest change (0 when none). */
  get lastSeq(): number {
    return this.entries.length;
  }
}

/** Per-entity rename counters, kept after removal, and Akeneo dates for changes. */
export class EntityStamps {
  private readonly revisions = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /**
   * Akeneo date for a change made now: whole seconds, so two changes within one second share it (and may
   * differ in content). Akeneo normalizes dates with PHP's `format('c')`, which has no fraction of a second:
   * akeneo/pim-community-dev, src/Akeneo/Pim/Enrichment/Component/Product/Normalizer/Standard/DateTimeNormalizer.php.
   */
  stamp(_kind?: SimEntityKind, _id?: string): string {
    return formatAkeneoDate(this.now());
  }

  /** A `name` value `<label> rev <n>`, with `n` counting the renames of `kind:id`. */
  renamed(kind: SimEntityKind, id: string, label: string | undefined): SimValue {
    const key = `${kind}:${id}`;
    const revision = (this.revisions.get(key) ?? 0) + 1;
    this.revisions.set(key, revision);
    return value(`${label ?? id} rev ${revision}`, 'en_US');
  }
}
