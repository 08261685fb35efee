/** One collection of structure items by code, with the codes in list order and each item's `updated`. */
import { SortedKeys } from '../sorted-keys';

/** Items by code; codes sorted by UTF-16 code units (Akeneo sorts by `code` ASC in SQL). */
export class KeyedStore<T> {
  private readonly items = new Map<string, T>();
  private readonly updated = new Map<string, number>();
  private readonly keys = new SortedKeys((code) => this.items.has(code));

  /** The stored item (not a copy), or `undefined`. */
  get(code: string): T | undefined {
    return this.items.get(code);
  }

  /** Whether `code` is stored. */
  has(code: string): boolean {
    return this.items.has(code);
  }

  /** Stores `item` under `code`, updated at `updatedMs`; returns whether it is new. */
  set(code: string, item: T, updatedMs: number): boolean {
    const isNew = !this.items.has(code);
    this.items.set(code, item);
    this.updated.set(code, updatedMs);
    if (isNew) this.keys.add(code);
    return isNew;
  }

  /** Removes `code`; returns the item it held, if any. */
  delete(code: string): T | undefined {
    const item = this.items.get(code);
    if (item === undefined) return undefined;
    this.items.delete(code);
    this.updated.delete(code);
    this.keys.remove();
    return item;
  }

  /** When `code` was last changed, epoch milliseconds (whole seconds). */
  updatedMs(code: string): number | undefined {
    return this.updated.get(code);
  }

  /** Codes in order (do not mutate). */
  get codes(): readonly string[] {
    return this.keys.keys;
  }

  /** How many items are stored. */
  get size(): number {
    return this.items.size;
  }
}
