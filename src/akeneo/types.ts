/** The parts of Akeneo's REST resources this service relies on; everything else is passed through. */

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

/** Reads products from the PIM. `undefined` means the PIM answered 404: the entity is gone. */
export interface PimReader {
  getProduct(uuid: string, signal?: AbortSignal): Promise<PimProduct | undefined>;
  getProductModel(code: string, signal?: AbortSignal): Promise<PimProductModel | undefined>;
}
