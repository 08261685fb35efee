/**
 * `_links.download` on the media values of products and product models. Akeneo's `external_api` normalizers add
 * `{"download": {"href": <download URL>}}` to every value of an image or file attribute whose `data` is not null
 * (`addDownloadLink` in akeneo/pim-community-dev src/Akeneo/Pim/Enrichment/Component/Product/Normalizer/
 * ExternalApi/ProductNormalizer.php and ProductModelNormalizer.php); `data` is the media file code.
 */
import type { SimValue } from '../catalog-types';
import { mediaDownloadHref } from './media-routes';

/** A media value as the REST API shows it. */
export interface SimMediaValue extends SimValue {
  _links?: { download: { href: string } };
}

/**
 * `entity` with `_links.download` on the values of `mediaAttributes`: a shallow copy when it has some, else
 * `entity` itself (so listings copy nothing for products without media).
 */
export function withMediaLinks<T extends { values: Record<string, SimValue[]> }>(entity: T, mediaAttributes: ReadonlySet<string>, origin: string): T {
  if (mediaAttributes.size === 0) return entity;
  let values: Record<string, SimValue[]> | undefined;
  for (const [attribute, entries] of Object.entries(entity.values)) {
    if (!mediaAttributes.has(attribute)) continue;
    values ??= { ...entity.values };
    values[attribute] = entries.map((v) =>
      typeof v.data === 'string' ? ({ ...v, _links: { download: { href: mediaDownloadHref(origin, v.data) } } } as SimMediaValue) : v,
    );
  }
  return values ? { ...entity, values } : entity;
}
