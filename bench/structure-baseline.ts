/**
 * The structure benchmark's listing baseline: the time to list every page a structure run lists, straight through
 * the service's own PIM client (same AKENEO_MAX_RPS and AKENEO_MAX_CONCURRENCY as the worker), with no Temporal,
 * no ledger and no destination. Every collection is listed at once, each following its `next` links, so the
 * client's slots are always full while there is work; options and variants are listed as their parents name them.
 */
import { SIM_CREDENTIALS } from '../src/dev/local-stack';
import { AkeneoRestClient } from '../src/akeneo/rest-client';
import { StructureReader } from '../src/akeneo/structure-reader';
import { DEFAULT_PIM_MAX_CONCURRENCY } from '../src/domain/limits';
import { NESTED_STRUCTURE_KINDS, STRUCTURE_KINDS } from '../src/domain/structure';
import { childCollections } from '../src/structure/sync-pages';
import { round } from './util';

/** What the listing baseline measured. */
export interface ListingBaseline {
  seconds: number;
  pages: number;
  items: number;
  maxRps: number;
  maxConcurrency: number;
  /** `pages / maxRps`: the floor if only the rate bound. */
  floorS: number;
}

/** Lists every structure collection of the PIM at `pimUrl` as fast as the client allows. */
export async function measureListingBaseline(pimUrl: string, maxRps: number, maxConcurrency = DEFAULT_PIM_MAX_CONCURRENCY): Promise<ListingBaseline> {
  const pim = new AkeneoRestClient({ baseUrl: pimUrl, ...SIM_CREDENTIALS, maxRequestsPerSecond: maxRps, maxConcurrency });
  const reader = new StructureReader(pim);
  let [pages, items] = [0, 0];
  const list = async (collection: string): Promise<void> => {
    const children: Promise<void>[] = [];
    let next: string | undefined;
    do {
      const page = await reader.listPage(collection, next);
      pages++;
      items += page.items.length;
      children.push(...childCollections(collection, page).map(list));
      next = page.next;
    } while (next !== undefined);
    await Promise.all(children);
  };
  await pim.getJson('/api/rest/v1/channels?limit=1'); // the token, outside the timing (the worker holds one too)
  const t0 = Date.now();
  await Promise.all(STRUCTURE_KINDS.filter((k) => !NESTED_STRUCTURE_KINDS.includes(k)).map(list));
  const seconds = (Date.now() - t0) / 1000;
  return { seconds: round(seconds, 2), pages, items, maxRps, maxConcurrency, floorS: round(pages / maxRps, 2) };
}
