/**
 * The production shape: the Temporal server docker-compose.yml pins, on PostgreSQL, as two nodes behind a load
 * balancer, set up by the deploy scripts compose runs (src/dev/temporal-cluster.ts). One pass through what the dev
 * server cannot show: the deploy scripts for real (and again, idempotently), the search attributes on SQL
 * visibility, the event path on both webhooks, a delta and a full reconcile (visibility queries), and a node
 * killed with SIGKILL while events keep coming.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { diffWithPim, inSync } from '../../src/dev/compare';
import type { TemporalCluster } from '../../src/dev/temporal-cluster';
import { acceptedEventIds, type SendRecord } from '../../src/sim/event-sender';
import { TEMPORAL_CLI_PATH, type DevServer } from '../../src/dev/temporal-dev-server';
import { quoted } from '../../src/visibility-query';
import { SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import type { ReconcileInput, ReconcileResult } from '../../src/workflows/reconcile-definitions';
import { startTestStack, type TestStack } from '../helpers/stack';
import { eventually, startTemporalCluster, workflowBundle } from '../helpers/temporal';

const run = promisify(execFile);

describe('on a Temporal cluster: the pinned server, PostgreSQL, two nodes', function () {
  this.timeout(300_000);
  let server: DevServer & { cluster: TemporalCluster };
  let stack: TestStack;
  /** How far the PIM's clock is ahead: its `updated` has whole seconds, so "newer" needs a second to pass. */
  let ahead = 0;

  before(async function () {
    // The server may still be building: `npm test` starts its build in the background.
    this.timeout(20 * 60_000);
    [server] = await Promise.all([startTemporalCluster(), workflowBundle()]);
    stack = await startTestStack(server, { pimMaxRps: 1000, catalogNow: () => Date.now() + ahead });
  });
  after(async () => {
    await stack?.close();
    await server?.stop();
  });

  const converged = async (what: string, timeoutMs = 90_000) => {
    try {
      await eventually(() => inSync(diffWithPim(stack.catalog, stack.thirdParty)), what, timeoutMs);
    } catch (err) {
      const d = diffWithPim(stack.catalog, stack.thirdParty);
      throw new Error(`${(err as Error).message}; missing ${d.missing.length}, stale ${d.stale.length}, extra ${d.extra.length}`);
    }
  };

  let runs = 0;
  async function reconcile(input: ReconcileInput): Promise<ReconcileResult> {
    const workflowId = `reconcile-cluster-${process.pid}-${++runs}`;
    const handle = await server.env.client.workflow.start('reconcileWorkflow', { taskQueue: stack.taskQueue, workflowId, args: [input] });
    return (await handle.result()) as ReconcileResult;
  }

  it('has the namespace and every search attribute from deploy/temporal/register-search-attributes.sh, which runs again unchanged', async () => {
    const { customAttributes } = await server.env.connection.operatorService.listSearchAttributes({ namespace: server.cluster.namespace });
    for (const { name } of SEARCH_ATTRIBUTES) assert.ok(name in customAttributes, `search attribute ${name} is registered`);
    const PATH = [path.dirname(TEMPORAL_CLI_PATH), process.env.PATH].join(path.delimiter);
    const { stdout } = await run('sh', ['deploy/temporal/register-search-attributes.sh'], { env: { PATH, TEMPORAL_ADDRESS: server.address } });
    assert.match(stdout, /namespace default exists/);
    assert.equal(stdout.match(/registered/g)?.length, SEARCH_ATTRIBUTES.length);
  });

  /**
   * Every product whose event the API answered 2xx reaches the third party: nothing accepted is lost. The legacy
   * route may refuse some (503, or no answer within Akeneo's 0.5 s) on this cluster: see the README's figures.
   */
  async function acceptedArrive(records: SendRecord[], what: string): Promise<{ accepted: number; refused: number }> {
    const ids = [...acceptedEventIds(records)].map((e) => stack.sender.eventEntities.get(e)?.id);
    await eventually(() => {
      const missing = new Set(diffWithPim(stack.catalog, stack.thirdParty).missing);
      return ids.every((id) => id !== undefined && !missing.has(id));
    }, what, 90_000);
    const refused = records.filter((r) => r.status < 200 || r.status > 299).reduce((n, r) => n + r.eventIds.length, 0);
    return { accepted: ids.length, refused };
  }

  it('syncs what both webhooks accept, then delta and full reconciles heal the rest through SQL visibility', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const products = stack.catalog.seed(60);
    const legacy = await acceptedArrive(await stack.sender.flush('events-api'), 'the accepted legacy events to reach the third party');
    stack.catalog.seed(5);
    const platform = await acceptedArrive(await stack.sender.flush('event-platform'), 'the accepted Event Platform events to reach the third party');
    assert.ok(legacy.accepted + platform.accepted > 0, 'some events were accepted');
    // The designed recovery for refused legacy events: the next delta reconcile.
    await reconcile({ mode: 'delta', since });
    await converged('the delta reconcile to bring every product');
    // Visibility is written asynchronously (the history service's visibility task queue): poll for it.
    const query = `TaskQueue = ${quoted(stack.taskQueue)} AND SyncStatus = 'synced'`;
    await eventually(async () => (await server.env.client.workflow.count(query)).count === 65, 'SyncStatus to be set and searchable on SQL visibility');

    ahead += 1000;
    stack.catalog.updateProduct(products[0].uuid, undefined, { silent: true });
    const delta = await reconcile({ mode: 'delta', since });
    assert.equal(delta.counts.signalled, 1, 'the delta run finds the one silent change');
    stack.catalog.removeProduct(products[1].uuid, { silent: true });
    const full = await reconcile({ mode: 'full' });
    assert.equal(full.counts.deleted, 1, 'the full run finds the silent deletion among the synced entities');
    await converged('the reconciles to heal the third party');
  });

  it('loses nothing it accepted when a node is killed with SIGKILL, heals the rest, and takes the node back', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    await server.cluster.killNode(1);
    stack.catalog.seed(30);
    await acceptedArrive(await stack.sender.flush('events-api'), 'the events accepted while a node is down to reach the third party');
    await reconcile({ mode: 'delta', since });
    await converged('a delta reconcile with one node down to heal the rest');
    await server.cluster.startNode(1);
    stack.catalog.seed(10);
    await acceptedArrive(await stack.sender.flush('event-platform'), 'the events accepted after the node came back to reach the third party');
    await reconcile({ mode: 'delta', since });
    await converged('the third party to match the PIM');
  });
});
