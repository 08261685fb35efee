import assert from 'node:assert/strict';
import http from 'node:http';
import fc from 'fast-check';
import pino from 'pino';
import { eventPlatformCaseArb } from '../../chaos/fuzz/event-platform-cases';
import { REPLAY_ANSWER, REPLAY_CATEGORY, staleReplayCaseArb } from '../../chaos/fuzz/replays';
import { EXACT_ANSWERS } from '../../chaos/fuzz/run';
import { materialize } from '../../chaos/fuzz/spec';
import { sendWire } from '../../chaos/fuzz/send';
import { createApp } from '../../src/api/app';
import { serveApp, type ServedApp } from '../helpers/serve-app';

const SECRETS = { events: 'events-secret', platform: 'platform-secret' };

describe('fuzz: stale replays as a category of bad Event Platform requests', () => {
  let served: ServedApp;
  let base: string;
  const handedOver: string[] = [];

  before(async () => {
    const app = createApp({
      config: { eventPlatformSecrets: { primary: SECRETS.platform } },
      intake: { submit: (events) => Promise.resolve(void handedOver.push(...events.map((e) => e.eventId))) },
      structure: { submit: (key) => Promise.resolve(void handedOver.push(key)) },
      notifications: { submit: () => Promise.resolve() },
      history: { read: () => Promise.resolve(undefined) },
      readiness: () => Promise.resolve(true),
      logger: pino({ level: 'silent' }),
    });
    const handle = app.callback();
    served = await serveApp(handle);
    base = served.base;
  });

  after(async () => {
    await served.close();
  });

  it('is generated among the Event Platform cases, with its one allowed answer', () => {
    const categories = new Set(fc.sample(eventPlatformCaseArb, { numRuns: 500, seed: 14 }).map((c) => c.category));
    assert.ok(categories.has(REPLAY_CATEGORY), [...categories].join(', '));
    assert.equal(EXACT_ANSWERS['event-platform'][REPLAY_CATEGORY], REPLAY_ANSWER);
    // The legacy route's replays (a re-sent timestamp) have an answer of their own.
    assert.equal(EXACT_ANSWERS['events-api'][REPLAY_CATEGORY], undefined);
  });

  it('dates each case at its send: every one is refused 400 stale_event and nothing is handed over', async () => {
    const cases = fc.sample(staleReplayCaseArb, { numRuns: 100, seed: 14 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
    try {
      const answers = await Promise.all(cases.map((c) => sendWire(base, materialize(c, SECRETS), agent)));
      const wrong = answers.map((a, i) => ({ a, c: cases[i] })).filter(({ a }) => `${a.status} ${a.code}` !== REPLAY_ANSWER);
      assert.deepEqual(wrong.slice(0, 3).map(({ a, c }) => `${a.status} ${a.code ?? ''} for ${c.note}`), []);
    } finally {
      agent.destroy();
    }
    assert.deepEqual(handedOver, []);
  });

  it('is signed validly: the same event dated now is accepted', async () => {
    const [c] = fc.sample(staleReplayCaseArb.filter((x) => x.note.startsWith('com.akeneo.pim.v1.product')), { numRuns: 1, seed: 14 });
    assert.ok(c.body.kind === 'dated');
    const fresh = { ...c, body: { ...c.body, ageMs: 0 } };
    const agent = new http.Agent();
    try {
      assert.equal((await sendWire(base, materialize(fresh, SECRETS), agent)).status, 200);
    } finally {
      agent.destroy();
    }
    assert.equal(handedOver.length, 1);
  });
});
