/** The catalog's bookkeeping: the change log the EventSender reads, and per-entity dates and rename counters. */
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

/** Per-entity Akeneo dates and rename counters, kept after removal so a re-created id moves forward. */
export class EntityStamps {
  private readonly lastSecond = new Map<string, number>();
  private readonly revisions = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Akeneo date for a change to `kind:id`: now, or one second past its previous change. */
  stamp(kind: SimEntityKind, id: string): string {
    const key = `${kind}:${id}`;
    const previous = this.lastSecond.get(key);
    const second = Math.max(Math.floor(this.now() / 1000), previous === undefined ? -Infinity : previous + 1);
    this.lastSecond.set(key, second);
    return formatAkeneoDate(second * 1000);
  }

  /** A `name` value `<label> rev <n>`, with `n` counting the renames of `kind:id`. */
  renamed(kind: SimEntityKind, id: string, label: string | undefined): SimValue {
    const key = `${kind}:${id}`;
    const revision = (this.revisions.get(key) ?? 0) + 1;
    this.revisions.set(key, revision);
    return value(`${label ?? id} rev ${revision}`, 'en_US');
  }
}
