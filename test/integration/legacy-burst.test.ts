/**
 * A mass edit through the legacy Events API, on a real Temporal dev server: Akeneo's sender sends its bulk of
 * requests through a pool (`webhook_concurrency`, 5 by default, raised here to 20 as a second consumer or an
 * on-premise setting would), gives up on each after 0.5 s and never retries (akeneo-real-behaviour.md §7). An
 * intake that refuses early, or abandons a hand-over when the answer goes out, loses events for good here;
 * reconciliation is off, so every product must arrive through its event.
 */
import assert from 'node:assert/strict';
import { diffWithPim, inSync } from '../../src/dev/compare';
import { startTcpBalancer, type TcpBalancer } from '../../src/dev/tcp-balancer';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { startTestStack, type TestStack } from '../helpers/stack';
import { eventually, startTemporal } from '../helpers/temporal';

const SENDERS = 20;

/** `akeneo_sync_events_received_total` of the legacy route, summed by outcome. */
async function legacyOutcomes(apiUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(/^akeneo_sync_events_received_total\{route="events-api",type="[^"]+",outcome="([a-z_]+)"\} (\d+)$/gm)) {
    counts[m[1]] = (counts[m[1]] ?? 0) + Number(m[2]);
  }
  return counts;
}

describe('legacy mass edit: 20 senders, 0.5 s timeout, no retry, no reconcile', function () {
  this.timeout(240_000);
  let server: DevServer;
  let stack: TestStack | undefined;
  let slowLink: TcpBalancer | undefined;

  before(async () => {
    server = await startTemporal();
  });
  afterEach(async () => {
    await stack?.close();
    await slowLink?.close();
    stack = undefined;
    slowLink = undefined;
  });
  after(async () => {
    await server?.stop();
  });

  async function converged(s: TestStack, products: number): Promise<void> {
    await eventually(() => inSync(diffWithPim(s.catalog, s.thirdParty)), `all ${products} products at the third party`, 180_000);
  }

  it('takes every event of a burst of 600 products: none refused, all at the third party', async () => {
    stack = await startTestStack(server, { pimMaxRps: 1000, sender: { concurrency: SENDERS } });
    stack.catalog.seed(600);
    const records = await stack.sender.flush('events-api');
    assert.equal(records.length, 60);
    const outcomes = await legacyOutcomes(stack.api.url);
    assert.equal(outcomes.overloaded ?? 0, 0, `refused for load: ${JSON.stringify(outcomes)}`);
    assert.equal(outcomes.unavailable ?? 0, 0, `lost: ${JSON.stringify(outcomes)}`);
    await converged(stack, 600);
    // Late hand-overs are answered 503 `handover_pending`, and counted once Temporal confirms them.
    const taken = async () => {
      const o = await legacyOutcomes(stack!.api.url);
      return (o.accepted ?? 0) + (o.accepted_late ?? 0) === 600 || undefined;
    };
    await eventually(taken, 'every event counted accepted or accepted_late');
  });

  it('keeps events whose hand-over outlives the answer: a Temporal answering in 600 ms loses nothing', async () => {
    // Every answer from Temporal to the API comes 600 ms late: no request can be confirmed within 450 ms.
    slowLink = await startTcpBalancer([server.address], { answerDelayMs: 600 });
    stack = await startTestStack(server, { pimMaxRps: 1000, apiTemporalAddress: slowLink.address, sender: { concurrency: SENDERS } });
    stack.catalog.seed(200);
    const records = await stack.sender.flush('events-api');
    assert.equal(records.length, 20);
    for (const r of records) assert.ok(r.status === 503 || r.error === 'timeout', `answered ${r.status} (${r.error ?? 'no error'}) before Temporal confirmed`);
    await converged(stack, 200);
    const outcomes = await eventually(async () => {
      const o = await legacyOutcomes(stack!.api.url);
      return o.accepted_late === 200 ? o : undefined;
    }, 'every event counted accepted_late');
    assert.equal(outcomes.accepted ?? 0, 0);
    assert.equal(outcomes.unavailable ?? 0, 0);
  });
});
