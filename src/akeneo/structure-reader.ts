/**
 * Reads the PIM's catalogue structure through {@link AkeneoRestClient} (same semaphore, token bucket and origin
 * check of `_links.next.href`). Offset pagination with `limit=100`, the most a page may hold
 * (https://api.akeneo.com/documentation/pagination.html, "The limit parameter"); measurement families come as
 * one unpaginated array and have no item route (akeneo/pim-community-dev src/Akeneo/Tool/Bundle/MeasureBundle/
 * Controller/ExternalApi/).
 */
import type { Logger } from 'pino';
import { PimOperation } from '../metrics/names';
import { entityCodeProblem, shownId } from '../domain/entity-code';
import { parseStructureKey, structureKey, type StructureKind, type StructureRef } from '../domain/structure';
import { collectionPath, itemPath, parseCollection } from './structure-paths';
import { PimHttpError, PimNetworkError } from './pim-errors';
import type { PimJsonGetter } from './types';


/** One structure item as listed, `_links` left out. */
export interface StructureItem {
  key: string;
  data: Record<string, unknown>;
}

/** One page of a collection; `next` is the PIM's next-page link, verbatim. */
export interface StructurePage {
  items: StructureItem[];
  next?: string;
}

/** Lists and reads structure collections; a collection is `<kind>`, `attribute-options/<attribute>` or `family-variants/<family>`. */
export class StructureReader {
  constructor(
    private readonly client: PimJsonGetter,
    private readonly logger?: Pick<Logger, 'warn'>,
  ) {}

  /** The first page of `collection` or, verbatim, the page `next` points at; a collection whose parent is gone (404) is empty. */
  async listPage(collection: string, next?: string, signal?: AbortSignal): Promise<StructurePage> {
    const { kind, parent } = parseCollection(collection);
    let body: unknown;
    try {
      body = await this.client.getJson<unknown>(next ?? collectionPath(collection), signal, PimOperation.LIST);
    } catch (err) {
      if (err instanceof PimHttpError && err.status === 404 && parent !== undefined) return { items: [] };
      throw err;
    }
    if (kind === 'measurement-families') {
      if (!Array.isArray(body)) throw malformed(collection);
      return { items: this.itemsOf(kind, parent, body) };
    }
    const page = body as { _embedded?: { items?: unknown }; _links?: { next?: { href?: unknown } } } | null;
    const items = page?._embedded?.items;
    if (!Array.isArray(items)) throw malformed(collection);
    const href = page?._links?.next?.href;
    return { items: this.itemsOf(kind, parent, items), ...(typeof href === 'string' ? { next: href } : {}) };
  }

  /** The item a key names, `undefined` when the PIM answers 404; measurement families have no item route: throws. */
  async getItem(key: string, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
    try {
      return await this.client.getJson<Record<string, unknown>>(itemPath(parseStructureKey(key)), signal, PimOperation.GET);
    } catch (err) {
      if (err instanceof PimHttpError && err.status === 404) return undefined;
      throw err;
    }
  }

  private itemsOf(kind: StructureKind, parent: string | undefined, raw: unknown[]): StructureItem[] {
    return raw.flatMap((item) => {
      const { _links, ...data } = (item ?? {}) as Record<string, unknown>;
      void _links;
      const problem = entityCodeProblem(data.code);
      if (problem) {
        this.logger?.warn({ kind, code: shownId(data.code), problem }, 'PIM listed a structure item whose code cannot be synced: skipped');
        return [];
      }
      const ref: StructureRef = { kind, code: data.code as string, ...(parent !== undefined ? { parent } : {}) };
      return [{ key: structureKey(ref), data }];
    });
  }
}

function malformed(collection: string): PimNetworkError {
  return new PimNetworkError(`PIM answered a malformed list page for structure collection ${collection}`);
}
