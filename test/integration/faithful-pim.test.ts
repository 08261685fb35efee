/**
 * The service against a PIM that behaves as Akeneo's own code does (src/sim, see
 * ../shared/reference/akeneo-real-behaviour.md): whole-second `updated`, variants that inherit without their
 * `updated` moving, events without uuid, a search index that misses products, a third party that refuses
 * stale writes. Each test fails on the service as it was before content digests, cascades, identifier
 * resolution and the deletion guard.
 */
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { diffWithPim, inSync } from '../../src/dev/compare';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { value } from '../../src/sim/catalog-values';
import { LOCAL_SECRETS } from '../../src/dev/local-stack';
import { EventSender } from '../../src/sim/event-sender';
import { EventsApiFormat } from '../../src/sim/events-api-request';
import { MASS_DELETE_REFUSED, type ReconcileInput, type ReconcileResult } from '../../src/workflows/reconcile-definitions';
import { startTestStack, type TestStack, product } from '../helpers/stack';
import { eventually, startTemporal, workflowBundle } from '../helpers/temporal';

let runs = 0;

describe('against a PIM that behaves like Akeneo', function () {
  this.timeout(180_000);
  let server: DevServer;
  let stack: TestStack;
  /** The catalog's clock: frozen within one second unless a test moves it. */
  let clock = Date.now();

  before(async () => {
    server = await startTemporal();
    await workflowBundle();
  });
  after(async () => server?.stop());
  beforeEach(async () => {
    clock = Math.floor(Date.now() / 1000) * 1000 + 100;
    stack = await startTestStack(server, { pimMaxRps: 1000, catalogNow: () => clock, thirdParty: { refuseStale: true } });
  });
  afterEach(async () => stack?.close());

  async function reconcile(input: ReconcileInput): Promise<ReconcileResult> {
    runs += 1;
    const handle = await server.env.client.workflow.start('reconcileWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: `faithful-reconcile-${process.pid}-${runs}`,
      args: [input],
    });
    return (await handle.result()) as ReconcileResult;
  }

  async function converged(what = 'the third party to match the PIM', timeoutMs = 60_000): Promise<void> {
    try {
      await eventually(() => inSync(diffWithPim(stack.catalog, stack.thirdParty)), what, timeoutMs);
    } catch (err) {
      const d = diffWithPim(stack.catalog, stack.thirdParty);
      throw new Error(`${(err as Error).message}; missing ${d.missing.length}, stale ${d.stale.length}, extra ${d.extra.length}`);
    }
  }

  const stored = (uuid: string) => stack.thirdParty.products().get(uuid) as { updated: string; values: Record<string, Array<{ data: unknown }>> } | undefined;
  const storedName = (uuid: string) => stored(uuid)?.values.name?.[0]?.data;

  it('writes both of two saves within one second, and a delta run heals a same-second change whose event was lost', async () => {
    const p = stack.catalog.createProduct();
    await stack.sender.flush('events-api');
    await converged();
    const first = stack.catalog.updateProduct(p.uuid, { values: { name: [value('Import', 'en_US')] } });
    await stack.sender.flush('events-api');
    await eventually(() => storedName(p.uuid) === 'Import', 'the first save');
    const second = stack.catalog.updateProduct(p.uuid, { values: { name: [value('Rules engine', 'en_US')] } });
    assert.equal(second.updated, first.updated, 'the PIM gives both saves the same updated');
    await stack.sender.flush('events-api');
    await eventually(() => storedName(p.uuid) === 'Rules engine', 'the second save of the same second');
    // The same second once more, and its event is lost: the next delta run finds other content.
    stack.catalog.updateProduct(p.uuid, { values: { name: [value('Silent fix', 'en_US')] } }, { silent: true });
    const result = await reconcile({ mode: 'delta', since: new Date(clock - 60_000).toISOString() });
    assert.equal(result.counts.changed, 1);
    await eventually(() => storedName(p.uuid) === 'Silent fix', 'the lost same-second change');
    // Nothing changed since: a delta run signals nothing and writes nothing.
    const writes = stack.thirdParty.writes;
    const again = await reconcile({ mode: 'delta', since: new Date(clock - 60_000).toISOString() });
    assert.deepEqual([again.counts.signalled, again.counts.unchanged], [0, 1]);
    assert.equal(stack.thirdParty.writes, writes);
  });

  it('passes a product model change on to its sub-models and variants, and a delta run heals one whose event was lost', async () => {
    const root = stack.catalog.createProductModel({ values: { brand: [value('Acme')] } });
    const sub = stack.catalog.createProductModel({ parent: root.code, family_variant: 'clothing_color_size' });
    const variants = [
      stack.catalog.createProduct({ parent: sub.code }),
      stack.catalog.createProduct({ parent: sub.code }),
      stack.catalog.createProduct({ parent: root.code }),
    ];
    await stack.sender.flush('events-api');
    await converged();
    const brandOf = (uuid: string) => stored(uuid)?.values.brand?.[0]?.data;
    assert.equal(brandOf(variants[0].uuid), 'Acme', 'a variant carries its grand-parent model value');
    clock += 5_000;
    stack.catalog.updateProductModel(root.code, { values: { brand: [value('Globex')] } });
    assert.equal(stack.sender.pending().length, 1, 'the PIM sends one event, for the model');
    await stack.sender.flush('events-api');
    await eventually(() => variants.every((v) => brandOf(v.uuid) === 'Globex'), 'every variant to inherit the new value');
    assert.equal(stack.catalog.get(variants[0].uuid)?.updated, variants[0].updated, "the variants' own updated did not move");
    const subBrand = () => (stack.thirdParty.productModels().get(sub.code) as { values: Record<string, Array<{ data: unknown }>> }).values.brand?.[0]?.data;
    await eventually(() => subBrand() === 'Globex', 'the sub-model to inherit it too');
    await converged();
    const h = await stack.history(product(variants[0].uuid));
    assert.equal(h.entries.filter((e) => e.kind === 'synced').length, 2, 'the variant was written once more, not more');
    // The next change's event is lost: the delta run lists the model and (by their ancestors' dates) its variants.
    clock += 5_000;
    const since = new Date(clock - 1_000).toISOString();
    stack.catalog.updateProductModel(root.code, { values: { brand: [value('Initech')] } }, { silent: true });
    const result = await reconcile({ mode: 'delta', since });
    assert.ok(result.counts.signalled >= 1, `signalled ${result.counts.signalled}`);
    await eventually(() => variants.every((v) => brandOf(v.uuid) === 'Initech'), 'the lost model change to reach every variant');
    await converged();
  });

  it('accepts legacy events without uuid (PIM before 7.0) and syncs them under the product uuid', async () => {
    const sender = new EventSender({
      catalog: stack.catalog,
      eventsApi: { url: `${stack.api.url}/akeneo/events`, secret: LOCAL_SECRETS.events, format: EventsApiFormat.PRE_7_0 },
    });
    const created = stack.catalog.createProduct();
    const records = await sender.flush('events-api');
    assert.ok(records.every((r) => r.status === 200), `answers ${records.map((r) => r.status).join(',')}`);
    await converged();
    clock += 2_000;
    stack.catalog.updateProduct(created.uuid, { values: { name: [value('Renamed', 'en_US')] } });
    await sender.flush('events-api');
    await eventually(() => storedName(created.uuid) === 'Renamed', 'the update to reach product-<uuid>');
    stack.catalog.removeProduct(created.uuid);
    await sender.flush('events-api');
    await eventually(async () => (await stack.history(product(created.uuid))).status === 'deleted', 'the removal, resolved from the sync state');
    assert.equal(stack.thirdParty.products().has(created.uuid), false);
  });

  it('deletes nothing a lagging search index misses, refuses a mass delete, and applies it when allowed', async () => {
    const products = stack.catalog.seed(40);
    await stack.sender.flush('events-api');
    await converged();
    await eventually(async () => (await stack.history(product(products[39].uuid))).status === 'synced', 'the memos');
    // A reindex: the search misses a third of the products, GET still finds them.
    stack.pim.index.hide('product', products.slice(0, 14).map((p) => p.uuid));
    const lagging = await reconcile({ mode: 'full', deletePolicy: 'delete' });
    assert.equal(lagging.counts.deleted, 0);
    assert.equal(stack.thirdParty.products().size, 40);
    stack.pim.index.unhide('product');
    // One product of 40 (2.5 %) really gone: deleted.
    stack.catalog.removeProduct(products[39].uuid, { silent: true });
    assert.equal((await reconcile({ mode: 'full', deletePolicy: 'delete' })).counts.deleted, 1);
    await eventually(() => !stack.thirdParty.products().has(products[39].uuid), 'the deletion');
    // Eight more (8 of 39, 20 %): too many at once. Nothing is deleted and the run fails with a reason.
    for (const p of products.slice(0, 8)) stack.catalog.removeProduct(p.uuid, { silent: true });
    const refused = await reconcile({ mode: 'full', deletePolicy: 'delete', deleteMaxFraction: 0.05 }).then(
      () => assert.fail('the run should have refused'),
      (err: unknown) => err,
    );
    assert.ok(refused instanceof WorkflowFailedError && refused.cause instanceof ApplicationFailure, String(refused));
    assert.equal(refused.cause.type, MASS_DELETE_REFUSED);
    assert.match(refused.cause.message, /8 of 39 known entities.*--allow-mass-delete/);
    assert.equal(stack.thirdParty.products().size, 39, 'nothing deleted');
    const allowed = await reconcile({ mode: 'full', deletePolicy: 'delete', allowMassDelete: true });
    assert.equal(allowed.counts.deleted, 8);
    await converged();
  });

  it('counts a write the third party refuses as stale (412) as done, recorded as superseded', async () => {
    const p = stack.catalog.createProduct();
    await stack.sender.flush('events-api');
    await converged();
    // Someone else wrote a newer version to the third party meanwhile.
    const newer = new Date(clock + 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const put = await fetch(`${stack.thirdParty.url}/products/${p.uuid}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-Akeneo-Updated': newer },
      body: JSON.stringify({ uuid: p.uuid, updated: newer }),
    });
    assert.ok(put.ok, `PUT answered ${put.status}`);
    clock += 2_000;
    stack.catalog.updateProduct(p.uuid);
    await stack.sender.flush('events-api');
    const h = await eventually(async () => {
      const q = await stack.history(product(p.uuid));
      return q.entries.some((e) => e.kind === 'superseded') && q;
    }, 'the superseded write');
    assert.equal(h.status, 'synced');
    assert.equal(stored(p.uuid)?.updated, newer, 'the newer version stays');
  });

  it('signals a product whose sync failed again at every reconcile run, whatever its version', async () => {
    const p = stack.catalog.createProduct();
    stack.thirdParty.failNext(1, 400);
    await stack.sender.flush('events-api');
    await eventually(async () => (await stack.history(product(p.uuid))).status === 'failed', 'the refused write');
    const result = await reconcile({ mode: 'delta', since: new Date(clock - 60_000).toISOString() });
    assert.equal(result.counts.signalled, 1);
    await converged('the failed product to be written by the reconcile');
  });

  it('signals a product whose update failed at a delta run that does not list it, and heals it', async () => {
    const p = stack.catalog.createProduct();
    await stack.sender.flush('events-api');
    await converged();
    clock += 2_000;
    stack.catalog.updateProduct(p.uuid, { values: { name: [value('Refused', 'en_US')] } });
    stack.thirdParty.failNext(1, 400);
    await stack.sender.flush('events-api');
    await eventually(async () => (await stack.history(product(p.uuid))).status === 'failed', 'the refused write');
    const failed = `WorkflowId = 'product-${p.uuid}' AND SyncStatus = 'failed'`;
    await eventually(async () => (await server.env.client.workflow.count(failed)).count === 1, 'visibility to show the failure');
    // Listed after the change: the listing does not see the product, the scan of failed entities does.
    const result = await reconcile({ mode: 'delta', since: new Date(clock + 1_000).toISOString() });
    assert.deepEqual([result.counts.seen, result.counts.signalled, result.counts.changed], [0, 1, 1]);
    await eventually(() => storedName(p.uuid) === 'Refused', 'the failed update, written after the reconcile signalled it');
    const h = await stack.history(product(p.uuid));
    assert.equal(h.entries.filter((e) => e.kind === 'retry').length, 0, 'healed by the reconcile, not by its own back-off');
  });
});
