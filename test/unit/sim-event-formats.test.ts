import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildEventsApiRequest,
  Catalog,
  EVENTS_API_CONCURRENCY,
  EventSender,
  EventsApiFormat,
  eventsApiEventFromChange,
  PimSimulator,
  SEND_TIMEOUT_MS,
  value,
} from '../../src/sim';

const START = Date.UTC(2024, 4, 2, 8, 15, 0);

/** A receiver that answers `status` after `holdMs` and records how many requests it held at once. */
async function slowReceiver(holdMs: number, status = 200): Promise<{ url: string; bodies: string[]; peak: () => number; close: () => Promise<void> }> {
  const bodies: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const server = http.createServer((req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      setTimeout(() => {
        inFlight--;
        res.writeHead(status).end();
      }, holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${port}/hook`, bodies, peak: () => peak, close };
}

describe('sim legacy event formats', () => {
  function changes(): { catalog: Catalog; created: ReturnType<Catalog['changes']>[number]; removed: ReturnType<Catalog['changes']>[number] } {
    const catalog = new Catalog({ now: () => START });
    catalog.createProduct({ values: { sku: [value('SKU-A')] } });
    catalog.removeProduct(catalog.createProduct({ values: { sku: [value('SKU-B')] } }).uuid);
    const [created, , removed] = catalog.changes();
    return { catalog, created, removed };
  }

  it('sends uuid and identifier by default, uuid only with the UUID option', () => {
    const { catalog, created, removed } = changes();
    const standard = eventsApiEventFromChange(created, catalog)!.data.resource;
    assert.deepEqual(Object.keys(standard).slice(0, 3), ['uuid', 'identifier', 'enabled']);
    assert.equal(standard.identifier, 'SKU-A');
    const uuidOnly = eventsApiEventFromChange(created, catalog, { format: EventsApiFormat.UUID })!.data.resource;
    assert.equal(uuidOnly.uuid, created.id);
    assert.equal('identifier' in uuidOnly, false);
    assert.deepEqual(eventsApiEventFromChange(removed, catalog)!.data.resource, { identifier: 'SKU-B', uuid: removed.id });
  });

  it('sends identifier and no uuid in created, updated and removed events in the pre-7.0 format (PIM 5.x, 6.x)', () => {
    const { catalog, created, removed } = changes();
    const options = { format: EventsApiFormat.PRE_7_0 };
    const resource = eventsApiEventFromChange(created, catalog, options)!.data.resource;
    assert.deepEqual(Object.keys(resource), [
      'identifier', 'enabled', 'family', 'categories', 'groups', 'parent', 'values', 'created', 'updated', 'associations', 'quantified_associations',
    ]);
    assert.equal(resource.identifier, 'SKU-A');
    catalog.updateProduct(created.id);
    const update = eventsApiEventFromChange(catalog.changes().at(-1)!, catalog, options)!;
    assert.equal(update.action, 'product.updated');
    assert.equal('uuid' in update.data.resource, false);
    assert.deepEqual(eventsApiEventFromChange(removed, catalog, options)!.data.resource, { identifier: 'SKU-B' });
    catalog.createProductModel({ code: 'm1' });
    assert.equal(eventsApiEventFromChange(catalog.changes().at(-1)!, catalog, options)!.data.resource.code, 'm1', 'models unchanged');
  });

  it('keeps the zero fraction of decimals, which the PIM writes as strings, in event and REST bodies', async () => {
    const catalog = new Catalog({ now: () => START });
    const price = [value([{ amount: '800.0000', currency: 'EUR' }])];
    const p = catalog.createProduct({ values: { price, weight: [value({ amount: '1.0', unit: 'KILOGRAM' })], count: [value(2)] } });
    const body = buildEventsApiRequest([eventsApiEventFromChange(catalog.changes()[0], catalog)!], 's', 1).body;
    assert.ok(body.includes('"price":[{"locale":null,"scope":null,"data":[{"amount":"800.0000","currency":"EUR"}]}]'));
    assert.ok(body.includes('"amount":"1.0"') && body.includes('"data":2}'));
    const pim = new PimSimulator({ catalog, clientId: 'c', clientSecret: 's', username: 'u', password: 'p', latencyMs: 0 });
    await pim.start();
    try {
      const tokenRes = await fetch(`${pim.url}/api/oauth/v1/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from('c:s').toString('base64')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant_type: 'password', username: 'u', password: 'p' }),
      });
      const { access_token: token } = (await tokenRes.json()) as { access_token: string };
      const text = await (await fetch(`${pim.url}/api/rest/v1/products-uuid/${p.uuid}`, { headers: { Authorization: `Bearer ${token}` } })).text();
      assert.ok(text.includes('"amount":"800.0000"') && text.includes('"amount":"1.0"'));
    } finally {
      await pim.close();
    }
  });
});

describe('sim EventSender legacy sending', () => {
  let hook: Awaited<ReturnType<typeof slowReceiver>>;
  afterEach(() => hook.close());

  it('sends up to 5 legacy requests at once by default, bulks of at most 10, 0.5 s timeout', async () => {
    hook = await slowReceiver(40);
    const catalog = new Catalog();
    catalog.seed(120);
    const records = await new EventSender({ catalog, eventsApi: { url: hook.url, secret: 's' } }).flush();
    assert.equal(records.length, 12);
    assert.ok(records.every((r) => r.status === 200 && r.eventIds.length === 10));
    assert.equal(hook.peak(), EVENTS_API_CONCURRENCY);
    assert.equal(SEND_TIMEOUT_MS['events-api'], 500);
  });

  it('honours concurrency and maxBulkSize, and never resends an event answered 503', async () => {
    hook = await slowReceiver(10, 503);
    const catalog = new Catalog();
    catalog.seed(7);
    const sender = new EventSender({ catalog, eventsApi: { url: hook.url, secret: 's' }, concurrency: 1, maxBulkSize: 3 });
    const records = await sender.flush();
    assert.deepEqual(records.map((r) => [r.status, r.eventIds.length]), [[503, 3], [503, 3], [503, 1]]);
    assert.equal(hook.peak(), 1);
    assert.deepEqual(await sender.flush(), [], 'no retry');
    assert.equal(hook.bodies.length, 3);
  });

  it('keeps one Event Platform request at a time by default', async () => {
    hook = await slowReceiver(20);
    const catalog = new Catalog();
    catalog.seed(4);
    const records = await new EventSender({ catalog, eventPlatform: { url: hook.url, primary: 'p', subscriptionId: 'sub' } }).flush('event-platform');
    assert.equal(records.length, 4);
    assert.equal(hook.peak(), 1);
  });
});
