/*
 * One PIM caller per deployment: three `npm run worker` processes with the same environment share the
 * PIM lease, the PIM never sees more than AKENEO_MAX_CONCURRENCY calls at once nor more than AKENEO_MAX_RPS
 * within a second (reconcile listings included), and when the holder is killed another process takes over
 * within a minute.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { diffWithPim } from '../../src/dev/compare';
import { SIM_CREDENTIALS } from '../../src/dev/local-stack';
import { ServiceScript, startServiceProcess, workerEnv, type ServiceProcess } from '../../src/dev/processes';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { DEFAULT_PIM_MAX_CONCURRENCY } from '../../src/domain/limits';
import { queryPimLease } from '../../src/pim-lease/temporal-lease';
import { signalEntity } from '../../src/signal-entity';
import { Catalog } from '../../src/sim/catalog';
import { PimSimulator } from '../../src/sim/pim-server';
import { ThirdPartySimulator } from '../../src/sim/third-party-server';
import type { ReconcileResult } from '../../src/workflows/reconcile-definitions';
import { acquirePimLeaseUpdate, PIM_LEASE_WORKFLOW, pimLeaseQuery, type PimLeaseInput } from '../../src/workflows/pim-lease-definitions';
import { eventually, startTemporal, uniqueTaskQueue } from '../helpers/temporal';

const ACQUIRED = '"msg":"PIM lease acquired';

/** Signals a `created` event for each product, 20 at a time. */
async function signalCreated(client: Client, taskQueue: string, uuids: string[]): Promise<void> {
  for (let i = 0; i < uuids.length; i += 20) {
    await Promise.all(
      uuids.slice(i, i + 20).map((id) =>
        signalEntity(
          client,
          taskQueue,
          { ref: { kind: 'product', id }, eventId: randomUUID(), action: 'created', eventDate: new Date().toISOString(), source: 'events-api' },
          { coalesceMs: 0 },
        ),
      ),
    );
  }
}

describe('PIM lease: one PIM caller for the whole deployment', function () {
  this.timeout(180_000);
  let server: DevServer;
  let pim: PimSimulator;
  let thirdParty: ThirdPartySimulator;
  const catalog = new Catalog({ modelCodePrefix: `lease_${randomUUID().slice(0, 8)}` });
  const workers: ServiceProcess[] = [];
  const taskQueue = uniqueTaskQueue('lease');

  before(async () => {
    server = await startTemporal();
    pim = new PimSimulator({ catalog, ...SIM_CREDENTIALS, latencyMs: 100 });
    thirdParty = new ThirdPartySimulator();
    await Promise.all([pim.start(), thirdParty.start()]);
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGTERM', 10_000)));
    await Promise.all([pim?.close(), thirdParty?.close()]);
    await server?.stop();
  });

  const missing = (uuids: string[]): string[] => {
    const gone = new Set(diffWithPim(catalog, thirdParty).missing);
    return uuids.filter((id) => gone.has(id));
  };
  const holders = (): ServiceProcess[] => workers.filter((w) => w.output().includes(ACQUIRED));

  it('3 worker processes: at most AKENEO_MAX_CONCURRENCY PIM calls at once; a standby takes over within a minute of a SIGKILL', async () => {
    const client = server.env.client;
    // AKENEO_MAX_RPS out of the way. The syncs are read in batches, so the PIM sees few calls at once here: the
    // next test makes the limits bind.
    const env = workerEnv({
      temporalAddress: server.address,
      taskQueue,
      pimUrl: pim.url,
      pimCredentials: SIM_CREDENTIALS,
      destinationUrl: thirdParty.url,
      extra: { AKENEO_MAX_RPS: '100' },
    });
    for (let i = 0; i < 3; i++) workers.push(startServiceProcess(ServiceScript.WORKER, env));
    const first = catalog.seed(300, { silent: true }).map((p) => p.uuid);
    await signalCreated(client, taskQueue, first);
    await Promise.all(workers.map((w) => w.ready(90_000)));
    await eventually(() => missing(first).length === 0, `the first 300 products in the third party (${missing(first).length} missing)`, 60_000);
    // The syncs were due together when the holder started: read in batches, far fewer calls than products.
    assert.ok(pim.restRequestsServed < first.length, `read in batches (${pim.restRequestsServed} PIM calls for ${first.length} products)`);
    assert.ok(pim.peakConcurrency <= DEFAULT_PIM_MAX_CONCURRENCY, `PIM peak concurrency ${pim.peakConcurrency}`);
    assert.equal(holders().length, 1, 'one process acquired the lease');

    const lease = await queryPimLease(client, taskQueue);
    const holder = workers.find((w) => lease.holderId?.includes(`/${w.child.pid}/`));
    assert.ok(holder && lease.held, `the lease names a running worker: ${JSON.stringify(lease)}`);
    holder.child.kill('SIGKILL');
    await holder.exited;
    const killedAt = Date.now();
    const second = catalog.seed(50, { silent: true }).map((p) => p.uuid);
    await signalCreated(client, taskQueue, second);
    const next = await eventually(async () => {
      const l = await queryPimLease(client, taskQueue);
      return l.held && l.holderId !== lease.holderId && l;
    }, 'another worker to hold the lease', 60_000);
    const takeoverMs = Date.now() - killedAt;
    assert.ok(workers.some((w) => w !== holder && next.holderId?.includes(`/${w.child.pid}/`)), `the new holder is a live worker: ${next.holderId}`);
    await eventually(() => missing(second).length === 0, 'the products signalled after the kill in the third party', 60_000 - takeoverMs);
    const syncedMs = Date.now() - killedAt;
    assert.ok(syncedMs < 60_000, `synced again ${syncedMs} ms after the kill`);
    assert.ok(pim.peakConcurrency <= DEFAULT_PIM_MAX_CONCURRENCY, `PIM peak concurrency ${pim.peakConcurrency}`);
    assert.equal(missing([...first, ...second]).length, 0);
    process.stdout.write(`      PIM peak concurrency ${pim.peakConcurrency}; lease taken over ${takeoverMs} ms and products syncing again ${syncedMs} ms after SIGKILL\n`);
  });

  it('3 worker processes: the deployment keeps AKENEO_MAX_CONCURRENCY and AKENEO_MAX_RPS, a full reconcile\'s listings and checks included', async () => {
    const rps = 20;
    const client = server.env.client;
    const queue = uniqueTaskQueue('lease-limits');
    const env = workerEnv({
      temporalAddress: server.address,
      taskQueue: queue,
      pimUrl: pim.url,
      pimCredentials: SIM_CREDENTIALS,
      destinationUrl: thirdParty.url,
      extra: { AKENEO_MAX_RPS: String(rps) },
    });
    const started = [0, 1, 2].map(() => startServiceProcess(ServiceScript.WORKER, env));
    workers.push(...started);
    await Promise.all(started.map((w) => w.ready(90_000)));
    // A lagging search index: each read of these costs a search share and a GET, and so does each deletion check
    // of the full run (they are known to the sync state but absent from its listing): some 250 requests, which
    // three processes with limits of their own each would send faster and more at once than the limits allow.
    const hidden = catalog.seed(120, { silent: true }).map((p) => p.uuid);
    pim.index.hide('product', hidden);
    const syncsFrom = Date.now();
    let reconcileFrom = 0;
    try {
      // Slow answers first (4 calls of 400 ms: 10 a second, under AKENEO_MAX_RPS): the concurrency is what binds.
      pim.latencyMs = 400;
      await signalCreated(client, queue, hidden);
      await eventually(() => missing(hidden).length === 0, `the hidden products in the third party (${missing(hidden).length} missing)`, 90_000);
      assert.equal(pim.peakConcurrency, DEFAULT_PIM_MAX_CONCURRENCY, `PIM peak concurrency ${pim.peakConcurrency}: at most AKENEO_MAX_CONCURRENCY, and reached`);
      // Then fast ones (4 calls of 100 ms: 40 a second): AKENEO_MAX_RPS is what binds.
      pim.latencyMs = 100;
      reconcileFrom = Date.now();
      const result = (await client.workflow.execute('reconcileWorkflow', {
        taskQueue: queue,
        workflowId: `${queue}-full`,
        args: [{ mode: 'full', deletePolicy: 'ignore' }],
      })) as ReconcileResult;
      assert.equal(result.counts.deleted, 0, 'GET still finds what the index misses');
    } finally {
      pim.index.unhide('product');
      pim.latencyMs = 100;
    }
    const rest = (from: number) => pim.requests.filter((r) => r.at >= from && r.path.startsWith('/api/rest/'));
    const gets = (from: number) => rest(from).filter((r) => r.method === 'GET' && hidden.some((id) => r.path.endsWith(id))).length;
    assert.ok(gets(syncsFrom) - gets(reconcileFrom) >= hidden.length, 'a sync GET of each hidden product');
    const checked = rest(reconcileFrom);
    assert.ok(checked.some((r) => r.query.includes('pagination_type=search_after')), 'the reconcile listed pages');
    assert.ok(gets(reconcileFrom) >= hidden.length, 'a deletion-check GET of each hidden product');
    const at = checked.map((r) => r.at).sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; j < at.length; j++) {
      while (at[j] - at[i] >= 1000) i++;
      busiest = Math.max(busiest, j - i + 1);
    }
    // Arrivals are stamped by the simulator in this test's own process, beside three workers and Temporal on a shared
    // machine: a stall of its event loop stamps the requests paced during it together with the next ones (a fresh
    // clone measured 23 once, 20 otherwise). Three processes that each kept the limit alone would send 2-3 × it.
    assert.ok(busiest <= rps * 1.25, `${busiest} PIM requests within one second from 3 processes (AKENEO_MAX_RPS ${rps})`);
    assert.ok(busiest >= rps / 2, `${busiest} PIM requests within one second: the pacing was not exercised`);
    assert.ok(pim.peakConcurrency <= DEFAULT_PIM_MAX_CONCURRENCY, `PIM peak concurrency ${pim.peakConcurrency}`);
    process.stdout.write(`      3 processes: PIM peak concurrency ${pim.peakConcurrency}; the full reconcile's ${checked.length} requests at most ${busiest} within one second (AKENEO_MAX_RPS ${rps})\n`);
  });

  it('the lease continues as new with its holder, and refuses another holder meanwhile', async () => {
    const client = server.env.client;
    const handle = await client.workflow.start(PIM_LEASE_WORKFLOW, {
      workflowId: `lease-can-${taskQueue}`,
      taskQueue,
      args: [{ maxHistoryLength: 20 } satisfies PimLeaseInput],
    });
    const firstRunId = handle.firstExecutionRunId;
    const terms = new Set<number>();
    for (let i = 0; i < 8; i++) {
      const grant = await handle.executeUpdate(acquirePimLeaseUpdate, { args: [{ holderId: 'a', ttlMs: 60_000 }] });
      terms.add(grant.term);
      await assert.rejects(handle.executeUpdate(acquirePimLeaseUpdate, { args: [{ holderId: 'b', ttlMs: 60_000 }] }), /Update failed/);
    }
    assert.deepEqual([...terms], [1], 'renewals keep the term');
    const { runId } = await handle.describe();
    assert.notEqual(runId, firstRunId, 'continued as new');
    const view = await handle.query(pimLeaseQuery);
    assert.equal(view.holderId, 'a');
    assert.equal(view.held, true);
  });
});
