import assert from 'node:assert/strict';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { sendJson, startTinyServer, type TinyServer } from '../helpers/tiny-server';

const CREDS = { clientId: 'client', clientSecret: 'secret', username: 'connector', password: 'pw' };
const PRODUCT = { uuid: '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b', updated: '2024-05-02T08:15:00+00:00' };

/** Most of `times` (ms) within any one second. */
function busiestSecond(times: number[]): number {
  const at = [...times].sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; j < at.length; j++) {
    while (at[j] - at[i] >= 1000) i++;
    busiest = Math.max(busiest, j - i + 1);
  }
  return busiest;
}

describe('AkeneoRestClient pacing (maxRequestsPerSecond)', () => {
  let server: TinyServer | undefined;
  const arrivals: number[] = [];
  let tokenAt = 0;
  let hold = 0;

  beforeEach(async () => {
    arrivals.length = 0;
    server = await startTinyServer(async (req, res) => {
      if (req.path === '/api/oauth/v1/token') {
        tokenAt = Date.now();
        return sendJson(res, 200, { access_token: 't', expires_in: 3600 });
      }
      arrivals.push(Date.now());
      if (req.path.endsWith('/blocker')) await new Promise((r) => setTimeout(r, hold));
      sendJson(res, 200, PRODUCT);
    });
  });
  afterEach(() => server?.close());

  it('paces each REST request once it holds a slot: slots freed at once never let a bunch of requests through', async () => {
    const rps = 20;
    hold = 1_200;
    const client = new AkeneoRestClient({ baseUrl: server!.url, ...CREDS, maxConcurrency: 2, maxRequestsPerSecond: rps });
    await client.accessToken();
    // Both slots held for 1.2 s while 30 more requests wait: a token taken while waiting for a slot would let
    // them all reach the PIM at once when the slots free up.
    const blockers = [client.getProduct('blocker'), client.getProduct('blocker')];
    const waiting = Array.from({ length: 30 }, (_, i) => client.getProduct(`p${i}`));
    await Promise.all([...blockers, ...waiting]);
    assert.equal(arrivals.length, 32);
    const busiest = busiestSecond(arrivals);
    // One more than the rate: a request may arrive a moment late, next to the one paced after it (a token taken
    // before the slot would let some 30 through within that second).
    assert.ok(busiest <= rps + 1, `${busiest} requests reached the PIM within one second`);
  });

  it('does not pace the OAuth token call: the first REST request goes at once after it', async () => {
    const client = new AkeneoRestClient({ baseUrl: server!.url, ...CREDS, maxRequestsPerSecond: 2 });
    const started = Date.now();
    await client.getProduct('p1');
    await client.getProduct('p2');
    assert.ok(tokenAt >= started);
    assert.ok(arrivals[0] - started < 300, `the first request waited ${arrivals[0] - started} ms`);
    assert.ok(arrivals[1] - arrivals[0] >= 450, `requests ${arrivals[1] - arrivals[0]} ms apart at 2 per second`);
  });
});
