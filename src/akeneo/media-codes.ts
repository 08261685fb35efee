/**
 * The media files an entity's values reference. Akeneo's product and product-model JSON gives image and file
 * values a `_links.download.href` beside `data`, the media file's code (ProductValueNormalizer for `external_api`:
 * https://api.akeneo.com/concepts/products.html, "The data format" of image and file attributes). Pure.
 */

/** The distinct media codes of `entity.values`, in the order met: every value with `_links.download.href`. */
export function mediaCodesOf(entity: unknown): string[] {
  const values = (entity as { values?: unknown } | null)?.values;
  if (!values || typeof values !== 'object') return [];
  const codes = new Set<string>();
  for (const list of Object.values(values as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    for (const value of list as Array<{ data?: unknown; _links?: { download?: { href?: unknown } } } | null>) {
      if (typeof value?._links?.download?.href === 'string' && typeof value.data === 'string' && value.data !== '') codes.add(value.data);
    }
  }
  return [...codes];
}
