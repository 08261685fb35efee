/** Shared set-up of the PIM simulator's structure and media tests: a started PIM, a token, GETs. */
import { Catalog, PimSimulator, type PimSimulatorOptions } from '../../src/sim';

export const CREDS = { clientId: 'client', clientSecret: 'secret', username: 'connector', password: 'pw' };
/** 2024-05-02T08:15:00Z. */
export const START = Date.UTC(2024, 4, 2, 8, 15, 0);

/** A link of a HAL answer. */
export interface HalLink {
  href: string;
}

/** An offset-paginated page. */
export interface OffsetPage<T = Record<string, unknown>> {
  _links: { self: HalLink; first: HalLink; previous?: HalLink; next?: HalLink };
  current_page: number;
  items_count?: number;
  _embedded: { items: Array<T & { _links: { self: HalLink; download?: HalLink } }> };
}

/** A running PIM simulator with a token, and a settable clock. */
export interface TestPim {
  pim: PimSimulator;
  catalog: Catalog;
  url: string;
  token: string;
  clock: { now: number };
  get<T = unknown>(pathOrUrl: string): Promise<{ status: number; json: T; headers: Headers }>;
}

/** Starts a PIM simulator (no latency) on a settable clock and logs in. */
export async function startPim(options: Partial<PimSimulatorOptions> = {}): Promise<TestPim> {
  const clock = { now: START };
  const catalog = options.catalog ?? new Catalog({ now: () => clock.now });
  const pim = new PimSimulator({ catalog, ...CREDS, now: () => clock.now, latencyMs: 0, ...options });
  const { url } = await pim.start();
  const res = await fetch(`${url}/api/oauth/v1/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${CREDS.clientId}:${CREDS.clientSecret}`).toString('base64')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username: CREDS.username, password: CREDS.password }),
  });
  const token = ((await res.json()) as { access_token: string }).access_token;
  const get = async <T>(pathOrUrl: string) => {
    const target = pathOrUrl.startsWith('http') ? pathOrUrl : `${url}${pathOrUrl}`;
    const answer = await fetch(target, { headers: { Authorization: `Bearer ${token}` } });
    return { status: answer.status, json: (await answer.json()) as T, headers: answer.headers };
  };
  return { pim, catalog, url, token, clock, get };
}

/** `search` as a query string value. */
export function search(filters: unknown): string {
  return encodeURIComponent(JSON.stringify(filters));
}
