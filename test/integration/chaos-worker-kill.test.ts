import assert from 'node:assert/strict';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { runWorkerKill } from '../../chaos/scenarios/worker-kill';
import { startTemporal } from '../helpers/temporal';

describe('chaos: worker killed mid-burst', function () {
  this.timeout(240_000);
  let server: DevServer;

  before(async () => {
    server = await startTemporal();
  });

  after(async () => {
    await server?.stop();
  });

  it('loses no accepted event and converges after kill -9 of the worker with writes in flight, a new worker and a reconcile', async () => {
    const outcome = await runWorkerKill(
      { temporalAddress: server.address, client: server.env.client, seed: 42, fuzzPerEndpoint: 0 },
      { products: 12, models: 2, rounds: 3, apiInProcess: true },
    );
    const { figures } = outcome;
    const why = `${JSON.stringify(figures)}\n${outcome.problems.join('\n')}`;
    assert.ok(Number(figures['writes in flight at kill']) > 0, why);
    assert.ok(Number(figures.accepted) > 0, why);
    assert.equal(figures.lost, 0, why);
    assert.equal(figures.diverged, 0, why);
    assert.deepEqual(outcome.problems, [], why);
  });
});
