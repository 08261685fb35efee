/** The parts of Akeneo's REST resources this service relies on; everything else is passed through. */
import type { EntityKind } from '../domain/entity';
import type { PimMediaDownload } from './media-download';

/** A product as `GET /api/rest/v1/products-uuid/{uuid}` returns it. */
export interface PimProduct {
  uuid: string;
  updated: string;
  values?: Record<string, unknown>;
  [field: string]: unknown;
}

/** A product model as `GET /api/rest/v1/product-models/{code}` returns it. */
export interface PimProductModel {
  code: string;
  updated: string;
  [field: string]: unknown;
}

/** A product or a product model, as the PIM shows it. */
export type PimEntity = PimProduct | PimProductModel;

/**
 * Reads products from the PIM. `undefined` means the PIM answered 404: the entity does not exist, or the
 * connection may no longer see it (Akeneo's 404 says both).
 */
export interface PimReader {
  getProduct(uuid: string, signal?: AbortSignal): Promise<PimProduct | undefined>;
  /** `GET /products/{identifier}`: the product with its `uuid` (Akeneo 7.0 and later). */
  getProductByIdentifier(identifier: string, signal?: AbortSignal): Promise<PimProduct | undefined>;
  getProductModel(code: string, signal?: AbortSignal): Promise<PimProductModel | undefined>;
}

/** What {@link PimLister.listPage} asks for: the first page (optionally `updated` after a time) or the page at `next`. */
export interface PimListOptions {
  /** Only entities whose `updated` is strictly after this ISO-8601 time (compared in whole UTC seconds). */
  updatedAfter?: string;
  /** Absolute URL of a page, from a previous page's `next`; followed verbatim, the other options are ignored. */
  next?: string;
  /** Items per page, 1 to 100 (default 100). */
  limit?: number;
  /** Only the children of this product model (Akeneo's `parent` filter). */
  parent?: string;
}

/** One entity of a list page: `id` is the product uuid or the product-model code, `updated` exactly as the PIM wrote it. */
export interface PimListItem {
  id: string;
  updated: string;
  /** Content digest of the item as listed (see `contentDigest`); absent in results recorded before digests. */
  digest?: string;
}

/** One page of a PIM list. */
export interface PimPage {
  items: PimListItem[];
  /** Absolute URL of the next page; absent on the last page. */
  next?: string;
}

/** Lists products and product models page by page, and tells which ids still exist, for reconciliation. */
export interface PimLister {
  listPage(kind: EntityKind, options: PimListOptions, signal?: AbortSignal): Promise<PimPage>;
  findExisting(kind: EntityKind, ids: string[], signal?: AbortSignal): Promise<string[]>;
}

/** Reads many entities with one search of a list endpoint: what batched reads are made of. */
export interface PimSearcher {
  /**
   * The entities among `ids` (at most 100 product uuids or product-model codes) that one search returns, as the
   * list shows them (`_links` included). An id it leaves out may still exist: the search index can lag the database.
   */
  searchByIds(kind: EntityKind, ids: string[], signal?: AbortSignal): Promise<PimEntity[]>;
}

/** GETs any REST path (or a same-origin `_links` URL) as JSON: what the structure reader is built on. */
export interface PimJsonGetter {
  getJson<T = unknown>(pathOrUrl: string, signal?: AbortSignal, operation?: 'get' | 'search' | 'list'): Promise<T>;
}

/** Everything the worker asks of the PIM: single reads, listings, searches by id, and raw GETs (structure), media files. */
export type PimClient = PimReader & PimLister & PimSearcher & PimMediaReader & PimJsonGetter;

/** Reads one entity by kind and id, however the reads are grouped into requests. */
export interface PimEntityReader {
  /** The entity as its GET shows it; `undefined` when the PIM answers 404 to that GET. */
  read(kind: EntityKind, id: string, signal?: AbortSignal): Promise<PimEntity | undefined>;
}

/** A media file's metadata as the PIM gives it (`GET /api/rest/v1/media-files/{code}`). */
export interface PimMediaFile {
  code: string;
  mime_type?: string;
  /** Size in bytes. */
  size?: number;
}

/** Reads media files from the PIM. */
export interface PimMediaReader {
  /** The file's metadata; `undefined` when the PIM answers 404. */
  getMediaMetadata(code: string, signal?: AbortSignal): Promise<PimMediaFile | undefined>;
  /** Opens the file's download, streamed; `undefined` when the PIM answers 404. */
  openMediaDownload(code: string, signal?: AbortSignal): Promise<PimMediaDownload | undefined>;
}
