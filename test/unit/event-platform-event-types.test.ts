/*
 * Every event type the service subscribes to, with and without `send_product_identifier`, from the HTTP
 * request to the signal-with-start the API sends (catalogue: https://api.akeneo.com/event-platform/available-events.html).
 */
import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { PRODUCT_EVENT_TYPES, PRODUCT_MODEL_EVENT_TYPES } from '../../src/akeneo/event-platform-schema';
import { signEventPlatform } from '../../src/akeneo/signature';
import { createApp } from '../../src/api/app';
import type { EventIntake } from '../../src/api/ports';
import { PRODUCT_SYNC_WORKFLOW, signalEntity } from '../../src/signal-entity';
import type { EntityEvent } from '../../src/workflows/definitions';
import { serveApp, type ServedApp } from '../helpers/serve-app';

const SECRET = 'platform-secret';
const UUID = '3444ec1b-058e-4208-9b6c-284f47a7aa17';
const AUTHOR = { identifier: 'b238e9f7-fcec-45bd-9431-d43cd624b244', type: 'api' };
const ACTION = { created: 'created', updated: 'updated', 'updated.delta': 'updated', deleted: 'removed' } as const;
/** `data.product.updated_at` of delta events: PHP's DateTime object, as the catalogue shows it. */
const UPDATED_AT = { date: '2026-09-01 10:15:30.000000', timezone_type: 3, timezone: 'UTC' };
const CHANGES = { values: { name: [{ previous: 'Old', new: 'New', type: 'pim_catalog_text', locale: null, scope: null }] } };

const verbOf = (type: string): keyof typeof ACTION => type.replace(/^com\.akeneo\.pim\.v1\.product(-model)?\./, '') as keyof typeof ACTION;

function body(type: string, data: object, id: string): string {
  return JSON.stringify({
    specversion: '1.0',
    id,
    source: 'akeneo-event-platform',
    type,
    subject: '0190fe8a-6213-76ce-8a9f-ba36a5ef555a',
    datacontenttype: 'application/json',
    dataschema: `https://event.prd.sdk.akeneo.cloud/spec/${type}.schema.json`,
    time: '2026-09-01T10:15:30Z',
    data: { ...data, author: AUTHOR },
  });
}

/** The product data of `type`: uuid, identifier when asked, and `updated_at`/`changes` on deltas. */
function productData(type: string, identifier: boolean): object {
  const delta = type.endsWith('.delta') ? { updated_at: UPDATED_AT, changes: CHANGES } : {};
  return { product: { uuid: UUID, ...(identifier && { identifier: 'my-sku-001' }), ...delta } };
}

/** The product-model data of `type`, under `product_model` (the examples) or `product` (the field tables). */
function modelData(type: string, key: 'product_model' | 'product'): object {
  const delta = type.endsWith('.delta') ? { updated_at: UPDATED_AT, changes: CHANGES } : {};
  return { [key]: { code: 'tshirt_red', ...delta } };
}

interface SignalWithStart {
  workflowType: string;
  workflowId: string;
  signalArgs: [EntityEvent];
}

/** A client that records signal-with-start calls. */
function recordingClient(calls: SignalWithStart[]): Client {
  return {
    workflow: {
      signalWithStart: (workflowType: string, o: Omit<SignalWithStart, 'workflowType'>) => {
        calls.push({ workflowType, workflowId: o.workflowId, signalArgs: o.signalArgs });
        return Promise.resolve();
      },
    },
  } as unknown as Client;
}

describe('Event Platform: every subscribed event type becomes the right signal', () => {
  const signals: SignalWithStart[] = [];
  let served: ServedApp;
  let base: string;
  let n = 0;

  before(async () => {
    // The real path after the route: each entity event goes through signalEntity, as TemporalIntake does.
    const client = recordingClient(signals);
    const intake: EventIntake = { submit: async (events) => void (await Promise.all(events.map((e) => signalEntity(client, 'q', e)))) };
    const handle = createApp({
      config: { eventPlatformSecrets: { primary: SECRET } },
      now: () => Date.parse('2026-09-01T10:20:00Z'),
      intake,
      notifications: { submit: () => Promise.resolve() },
      history: { read: () => Promise.resolve(undefined) },
      readiness: () => Promise.resolve(true),
      logger: pino({ level: 'silent' }),
    }).callback();
    served = await serveApp(handle);
    base = served.base;
  });
  after(async () => {
    await served.close();
  });

  /** Posts one signed delivery and returns the one signal it caused. */
  async function deliver(type: string, data: object): Promise<SignalWithStart> {
    n += 1;
    const id = `0191e3a2-7c11-7b0a-9f3e-${String(n).padStart(12, '0')}`;
    const raw = body(type, data, id);
    signals.length = 0;
    const res = await fetch(`${base}/akeneo/event-platform`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'x-akeneo-signature-primary': signEventPlatform(SECRET, raw) } });
    assert.deepEqual([res.status, await res.json()], [200, { accepted: 1 }], type);
    assert.equal(signals.length, 1, `${type}: one signal`);
    assert.equal(signals[0].signalArgs[0].eventId, id);
    return signals[0];
  }

  it('subscribes to the eight product and product-model types: created, updated, updated.delta, deleted', () => {
    const verbs = ['created', 'updated', 'updated.delta', 'deleted'];
    assert.deepEqual(PRODUCT_EVENT_TYPES, verbs.map((v) => `com.akeneo.pim.v1.product.${v}`));
    assert.deepEqual(PRODUCT_MODEL_EVENT_TYPES, verbs.map((v) => `com.akeneo.pim.v1.product-model.${v}`));
  });

  for (const type of PRODUCT_EVENT_TYPES) {
    for (const identifier of [false, true]) {
      it(`${type} ${identifier ? 'with' : 'without'} data.product.identifier signals product-<uuid> with action ${ACTION[verbOf(type)]}`, async () => {
        const s = await deliver(type, productData(type, identifier));
        assert.equal(s.workflowType, PRODUCT_SYNC_WORKFLOW);
        assert.equal(s.workflowId, `product-${UUID}`);
        const [event] = s.signalArgs;
        assert.deepEqual(event.ref, { kind: 'product', id: UUID, ...(identifier && { identifier: 'my-sku-001' }) });
        assert.equal(event.action, ACTION[verbOf(type)]);
        assert.equal(event.eventDate, '2026-09-01T10:15:30.000Z');
        assert.equal(event.source, 'event-platform');
      });
    }
  }

  for (const type of PRODUCT_MODEL_EVENT_TYPES) {
    for (const key of ['product_model', 'product'] as const) {
      it(`${type} with data.${key}.code signals product-model-<code> with action ${ACTION[verbOf(type)]}`, async () => {
        const s = await deliver(type, modelData(type, key));
        assert.equal(s.workflowType, PRODUCT_SYNC_WORKFLOW);
        assert.equal(s.workflowId, 'product-model-tshirt_red');
        assert.deepEqual(s.signalArgs[0].ref, { kind: 'product-model', id: 'tshirt_red' });
        assert.equal(s.signalArgs[0].action, ACTION[verbOf(type)]);
      });
    }
  }

  it('reads a product-model code from data.product when data.product_model is there but unusable', async () => {
    const s = await deliver('com.akeneo.pim.v1.product-model.updated', { product_model: { code: '' }, product: { code: 'tshirt_red' } });
    assert.equal(s.workflowId, 'product-model-tshirt_red');
  });

  it('keys a product by its lower-case uuid whatever the case sent, and ignores a null identifier', async () => {
    const s = await deliver('com.akeneo.pim.v1.product.deleted', { product: { uuid: UUID.toUpperCase(), identifier: null } });
    assert.equal(s.workflowId, `product-${UUID}`);
    assert.deepEqual(s.signalArgs[0].ref, { kind: 'product', id: UUID });
  });
});
