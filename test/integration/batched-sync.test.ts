/*
 * Entity syncs run in the PIM worker: reads due together share a search (confirmed by GET where the search index
 * lags), and no product data goes through a workflow history, so a product of 3 MB syncs like any other.
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { temporal } from '@temporalio/proto';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { signalEntity } from '../../src/signal-entity';
import { bulkyValues } from '../../src/sim/catalog-values';
import type { EntityRef } from '../../src/workflows/definitions';
import { entityWorkflowId } from '../../src/workflows/ids';
import { startTestStack, type TestStack, product, updatedEvent } from '../helpers/stack';
import { eventually, startTemporal } from '../helpers/temporal';

const updated = (id: string) => updatedEvent(id, 'batched');

describe('syncs in the PIM worker: batched reads, no product data in histories', function () {
  this.timeout(180_000);
  let server: DevServer;
  let stack: TestStack;

  before(async () => {
    server = await startTemporal();
    stack = await startTestStack(server, { pimMaxRps: 1000 });
  });
  after(async () => {
    await stack?.close();
    await server?.stop();
  });

  // Events are signalled directly, as the API does: the webhook intake is not under test here.
  const signal = (ids: string[]) => Promise.all(ids.map((id) => signalEntity(server.env.client, stack.taskQueue, updated(id), { coalesceMs: 50 })));
  const holdsPimContent = (uuid: string) => isDeepStrictEqual(stack.thirdParty.products().get(uuid), stack.catalog.get(uuid));
  const productRequests = () => stack.pim.requests.filter((r) => r.path.startsWith('/api/rest/v1/products-uuid'));
  const historyBytes = async (ref: EntityRef) =>
    temporal.api.history.v1.History.encode(await server.env.client.workflow.getHandle(entityWorkflowId(ref)).fetchHistory()).finish().length;

  it('syncs 30 products due at once with a few searches, and a GET of each one the search index misses', async () => {
    const products = stack.catalog.seed(30, { silent: true });
    const lagging = products.filter((_, i) => i % 3 === 0).map((p) => p.uuid);
    stack.pim.index.hide('product', lagging);
    const before = productRequests().length;
    await signal(products.map((p) => p.uuid));
    await eventually(() => products.every((p) => holdsPimContent(p.uuid)), 'all 30 in the third party with the PIM content', 60_000);
    const requests = productRequests().slice(before);
    const searches = requests.filter((r) => r.query.includes('search='));
    for (const uuid of lagging) assert.equal(stack.pim.fetchCount(uuid), 1, `one GET of ${uuid}, which the search missed`);
    const forTheOthers = requests.length - lagging.length;
    assert.ok(searches.length >= 1, 'read by search');
    assert.ok(forTheOthers <= 10, `${forTheOthers} requests (${searches.length} searches) for the 20 products the index has`);
    process.stdout.write(`      30 products: ${requests.length} PIM product requests (${searches.length} searches, ${requests.length - searches.length} GETs)\n`);
  });

  it('syncs a product of 3 MB end to end while its workflow history stays small', async () => {
    const big = stack.catalog.createProduct({ values: bulkyValues(3 * 1024 * 1024) }, { silent: true });
    const size = Buffer.byteLength(JSON.stringify(stack.catalog.get(big.uuid)));
    assert.ok(size >= 3 * 1024 * 1024, `the product weighs ${size} bytes`);
    const ref = product(big.uuid);
    await signal([big.uuid]);
    await eventually(async () => (await stack.history(ref)).status === 'synced' && holdsPimContent(big.uuid), 'the 3 MB product in the third party', 60_000);
    const first = await historyBytes(ref);
    assert.ok(first < 64 * 1024, `history of ${first} bytes`);
    // A second sync of new content adds a bounded number of bytes, whatever the product's size.
    stack.catalog.updateProduct(big.uuid, { values: { ...bulkyValues(3 * 1024 * 1024), name: [{ locale: 'en_US', scope: null, data: 'Renamed' }] } }, { silent: true });
    await signal([big.uuid]);
    await eventually(() => holdsPimContent(big.uuid), 'the update of the 3 MB product', 60_000);
    await eventually(async () => (await stack.history(ref)).status === 'synced', 'the second sync recorded');
    const second = await historyBytes(ref);
    assert.ok(second - first < 8 * 1024, `the second sync added ${second - first} bytes`);
    process.stdout.write(`      a ${size}-byte product: history ${first} bytes after one sync, ${second} after two\n`);
  });
});
