import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signEventPlatform, signEventsApi } from '../../src/akeneo/signature';
import {
  acceptedEventIds,
  batchEventsApi,
  buildEventPlatformRequest,
  buildEventsApiRequest,
  buildEventsApiTestRequest,
  Catalog,
  EventSender,
  eventsApiEventFromChange,
  phpJsonEncode,
  seededRandom,
  type EventPlatformEvent,
  type EventsApiEventObject,
} from '../../src/sim';

interface LegacyBody {
  events: Array<{ data: { resource: { uuid: string } } }>;
}
interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on port 0 that records requests and answers `status` (or never, when `hang`). */
async function receiver(answer: { status?: number; hang?: boolean } = {}): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (!answer.hang) res.writeHead(answer.status ?? 200, { Location: '/elsewhere' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${port}/hook`, got, close };
}

const VECTOR_BODY =
  '{"events":[{"action":"product.removed","event_id":"0b4c3f43-5a1e-4b8e-9d0f-2a6f1c9b7e11","event_datetime":"2023-11-14T22:13:20+00:00","author":"julia","author_type":"ui","pim_source":"https:\\/\\/pim.example.com","data":{"resource":{"identifier":"SKU-1","uuid":"6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b"}}}]}';

describe('sim events-api requests', () => {
  it('reproduces the signature test vector of the reference, byte for byte', () => {
    const event: EventsApiEventObject = {
      data: { resource: { identifier: 'SKU-1', uuid: '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b' } },
      pim_source: 'https://pim.example.com',
      action: 'product.removed',
      event_id: '0b4c3f43-5a1e-4b8e-9d0f-2a6f1c9b7e11',
      event_datetime: '2023-11-14T22:13:20+00:00',
      author: 'julia',
      author_type: 'ui',
    };
    const req = buildEventsApiRequest([event], 's3cr3t-for-tests', 1700000000);
    assert.equal(req.body, VECTOR_BODY);
    assert.deepEqual(req.headers, {
      'Content-Type': 'application/json',
      'X-Akeneo-Request-Signature': '393cf4ee7347e575dbb12604a4982e3b11afbb9887cc44e73eda2c985c2fbbc9',
      'X-Akeneo-Request-Timestamp': '1700000000',
      'User-Agent': 'AkeneoPIM/v20260101000000',
    });
    const ping = buildEventsApiTestRequest('s3cr3t-for-tests', 1700000000);
    assert.equal(ping.body, '');
    assert.equal(ping.headers['X-Akeneo-Request-Signature'], 'c3752b21e5d0d2fd0ca0f113ff451a50c16e4479f1011bc119f7c91c32756a5a');
  });

  it('encodes like PHP: escaped slashes, \\u escapes, {} for empty maps', () => {
    assert.equal(phpJsonEncode({ a: 'http://x/é', m: {}, l: [] }), '{"a":"http:\\/\\/x\\/\\u00e9","m":{},"l":[]}');
  });

  it('puts the full product with a root identifier in created/updated events, and ids only in removed', () => {
    const catalog = new Catalog({ now: () => Date.UTC(2024, 4, 2, 8, 15) });
    const p = catalog.createProduct();
    catalog.removeProduct(catalog.createProduct().uuid);
    const [created, , removed] = catalog.changes();
    const event = eventsApiEventFromChange(created, catalog)!;
    assert.equal(event.event_datetime, p.updated);
    assert.deepEqual(Object.keys(event.data.resource).slice(0, 3), ['uuid', 'identifier', 'enabled']);
    assert.equal(event.data.resource.identifier, 'SKU-0001');
    assert.ok(buildEventsApiRequest([event], 's', 1).body.includes('"associations":{},"quantified_associations":{}'));
    assert.equal(eventsApiEventFromChange(created, catalog, { format: 'uuid' })!.data.resource.identifier, undefined);
    assert.deepEqual(eventsApiEventFromChange(removed, catalog)!.data.resource, { identifier: 'SKU-0002', uuid: removed.id });
  });

  it('batches at most 10 homogeneous events: created+updated mix, removed alone, models apart', () => {
    const catalog = new Catalog();
    const products = catalog.seed(12);
    catalog.updateProduct(products[0].uuid);
    catalog.removeProduct(products[1].uuid);
    catalog.createProductModel();
    const events = catalog.changes().map((c) => eventsApiEventFromChange(c, catalog, { resource: 'change-time' })!);
    const batches = batchEventsApi(events);
    assert.deepEqual(
      batches.map((b) => [b.length, b[0].action]),
      [[10, 'product.created'], [3, 'product.created'], [1, 'product.removed'], [1, 'product_model.created']],
    );
  });
});

describe('sim Event Platform requests', () => {
  it('builds a CloudEvent signed with both secrets', () => {
    const catalog = new Catalog({ now: () => Date.UTC(2026, 8, 1, 10, 15, 30) });
    const p = catalog.createProduct();
    const sender = new EventSender({ catalog });
    assert.equal(sender.pending().length, 1);
    const req = buildEventPlatformRequest(
      {
        specversion: '1.0',
        id: 'e1',
        source: 'akeneo-event-platform',
        type: 'com.akeneo.pim.v1.product.updated',
        subject: 'sub-1',
        datacontenttype: 'application/json',
        time: '2026-09-01T10:15:30Z',
        data: { product: { uuid: p.uuid }, author: { identifier: 'u', type: 'api' } },
      },
      { primary: 'primary-secret-0001', secondary: 'secondary-secret-01' },
    );
    assert.equal(req.headers['X-AKENEO-SIGNATURE-PRIMARY'], signEventPlatform('primary-secret-0001', req.body));
    assert.equal(req.headers['X-AKENEO-SIGNATURE-SECONDARY'], signEventPlatform('secondary-secret-01', req.body));
    assert.equal(req.headers['X-AKENEO-SIGNATURE-ALGORITHM'], 'HmacSHA256');
    assert.equal(req.headers['User-Agent'], 'akeneo/event-platform');
  });
});

describe('sim EventSender', () => {
  let hook: Awaited<ReturnType<typeof receiver>>;
  afterEach(() => hook.close());

  it('POSTs signed legacy bulks of the pending changes, once', async () => {
    hook = await receiver();
    const catalog = new Catalog();
    catalog.seed(12);
    const sender = new EventSender({ catalog, eventsApi: { url: hook.url, secret: 'shh' } });
    const records = await sender.flush();
    assert.deepEqual(records.map((r) => [r.status, r.eventIds.length]), [[200, 10], [200, 2]]);
    assert.equal(acceptedEventIds(records).size, 12);
    for (const { headers, body } of hook.got) {
      const ts = headers['x-akeneo-request-timestamp'] as string;
      assert.equal(headers['x-akeneo-request-signature'], signEventsApi('shh', ts, body));
      assert.equal(headers['user-agent'], 'AkeneoPIM/v20260101000000');
      assert.equal(headers['content-type'], 'application/json');
    }
    const ids = hook.got.flatMap((g) => (JSON.parse(g.body) as LegacyBody).events.map((e) => e.data.resource.uuid));
    assert.deepEqual(ids.sort(), catalog.list().map((p) => p.uuid).sort());
    assert.deepEqual(await sender.flush(), [], 'nothing pending after a flush');
    assert.equal((await sender.ping()).status, 200);
    assert.equal(hook.got.at(-1)!.body, '');
  });

  it('sends one CloudEvent per change to the Event Platform, time = change time', async () => {
    hook = await receiver();
    const catalog = new Catalog({ now: () => Date.UTC(2026, 8, 1, 10, 15, 30) });
    const p = catalog.createProduct();
    catalog.removeProduct(p.uuid);
    catalog.createProductModel({ code: 'm1' });
    const eventPlatform = { url: hook.url, primary: 'p-secret', subscriptionId: 'sub-9', sendProductIdentifier: true };
    const records = await new EventSender({ catalog, eventPlatform }).flush('event-platform');
    assert.deepEqual(records.map((r) => r.status), [200, 200, 200]);
    const events = hook.got.map((g) => JSON.parse(g.body) as EventPlatformEvent);
    assert.deepEqual(events.map((e) => e.type), [
      'com.akeneo.pim.v1.product.created',
      'com.akeneo.pim.v1.product.deleted',
      'com.akeneo.pim.v1.product-model.created',
    ]);
    assert.deepEqual(events[0].data, { product: { uuid: p.uuid, identifier: 'SKU-0001' }, author: events[0].data.author });
    assert.equal(events[0].time, '2026-09-01T10:15:30Z');
    assert.equal(events[1].time, '2026-09-01T10:15:30Z', 'whole seconds: the removal shares the creation second');
    assert.deepEqual(events[2].data, { product_model: { code: 'm1' }, author: events[2].data.author });
    assert.ok(events.every((e) => e.subject === 'sub-9' && e.specversion === '1.0' && e.source === 'akeneo-event-platform'));
    assert.equal(hook.got[0].headers['x-akeneo-signature-primary'], signEventPlatform('p-secret', hook.got[0].body));
    assert.equal(hook.got[0].headers['x-akeneo-signature-secondary'], undefined);
  });

  it('duplicates (same event id, another request), drops and shuffles on demand', async () => {
    hook = await receiver();
    const catalog = new Catalog();
    catalog.seed(6);
    const eventsApi = { url: hook.url, secret: 's' };
    const dup = new EventSender({ catalog, eventsApi, chaos: { duplicateRate: 1 } });
    const records = await dup.flush();
    const sent = records.flatMap((r) => r.eventIds);
    assert.equal(sent.length, 12);
    assert.equal(new Set(sent).size, 6);
    assert.ok(records.every((r) => new Set(r.eventIds).size === r.eventIds.length));
    const lossy = new EventSender({ catalog, eventsApi, chaos: { dropRate: 1 } });
    assert.deepEqual(await lossy.flush(), []);
    assert.equal(lossy.dropped.length, 6);
    const shuffled = new EventSender({ catalog, eventsApi, chaos: { shuffle: true }, random: seededRandom(7) });
    assert.equal((await shuffled.flush('events-api'))[0].eventIds.length, 6);
    const order = (JSON.parse(hook.got.at(-1)!.body) as LegacyBody).events.map((e) => e.data.resource.uuid);
    const created = catalog.list().map((p) => p.uuid);
    assert.notDeepEqual(order, created);
    assert.deepEqual([...order].sort(), [...created].sort());
  });

  it('drops legacy events of entities gone at send time, and records timeouts and redirects', async () => {
    hook = await receiver({ hang: true });
    const catalog = new Catalog();
    const p = catalog.createProduct();
    catalog.removeProduct(p.uuid);
    const sender = new EventSender({ catalog, eventsApi: { url: hook.url, secret: 's', timeoutMs: 100 } });
    const [removal] = await sender.flush();
    assert.equal(sender.dropped[0]?.reason, 'gone');
    assert.deepEqual([removal.status, removal.error], [0, 'timeout']);
    await hook.close();
    hook = await receiver({ status: 302 });
    const redirected = await new EventSender({ catalog, eventsApi: { url: hook.url, secret: 's' } }).ping();
    assert.equal(redirected.status, 302);
    assert.equal(hook.got.length, 1, 'the redirect is not followed');
  });
});
