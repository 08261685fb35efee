import assert from 'node:assert/strict';
import { ZodError } from 'zod';
import { parsePlatformEvent } from '../../src/akeneo/event-platform-schema';
import { eventsApiBodySchema } from '../../src/akeneo/events-api-schema';
import { fromEventPlatform, fromEventsApi } from '../../src/akeneo/to-entity-events';

const UUID = '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b';

function legacy(action: string, resource: object, extra: object = {}): object {
  return {
    action,
    event_id: '0b4c3f43-5a1e-4b8e-9d0f-2a6f1c9b7e11',
    event_datetime: '2023-11-14T23:13:20+01:00',
    author: 'julia',
    author_type: 'ui',
    pim_source: 'https://pim.example.com',
    data: { resource },
    ...extra,
  };
}

function cloud(type: string, data: unknown, extra: object = {}): object {
  return { specversion: '1.0', id: 'evt-1', source: 'pim', type, time: '2024-03-07T15:16:37.123Z', data, ...extra };
}

function platform(json: object) {
  const ev = parsePlatformEvent(json);
  assert.notEqual(ev.kind, 'ignored');
  return fromEventPlatform(ev as Extract<typeof ev, { kind: 'product' | 'product-model' }>);
}

describe('legacy Events API schema and mapping', () => {
  it('maps each of the six actions to an entity event with a UTC date', () => {
    const body = eventsApiBodySchema.parse({
      events: [
        legacy('product.created', { uuid: UUID, identifier: 'SKU-1' }),
        legacy('product.updated', { uuid: UUID, identifier: null }),
        legacy('product.removed', { uuid: UUID }),
        legacy('product_model.created', { code: 'm1' }),
        legacy('product_model.updated', { code: 'm1' }),
        legacy('product_model.removed', { code: 'm1' }),
      ],
    });
    const events = fromEventsApi(body);
    assert.deepEqual(
      events.map((e) => [e.ref.kind, e.ref.id, e.ref.identifier, e.action, e.source]),
      [
        ['product', UUID, 'SKU-1', 'created', 'events-api'],
        ['product', UUID, undefined, 'updated', 'events-api'],
        ['product', UUID, undefined, 'removed', 'events-api'],
        ['product-model', 'm1', undefined, 'created', 'events-api'],
        ['product-model', 'm1', undefined, 'updated', 'events-api'],
        ['product-model', 'm1', undefined, 'removed', 'events-api'],
      ],
    );
    assert.ok(events.every((e) => e.eventDate === '2023-11-14T22:13:20.000Z'));
    assert.ok(events.every((e) => !('identifier' in e.ref) || e.ref.identifier === 'SKU-1'));
  });

  it('accepts PIM 5.x/6.x product events without uuid, leaving the uuid to the worker', () => {
    const body = eventsApiBodySchema.parse({
      events: [legacy('product.updated', { identifier: 'SKU-1', values: {} }), legacy('product.removed', { identifier: 'SKU-1' })],
    });
    assert.deepEqual(fromEventsApi(body).map((e) => [e.ref.kind, e.ref.id, e.ref.identifier, e.action]), [
      ['product', '', 'SKU-1', 'updated'],
      ['product', '', 'SKU-1', 'removed'],
    ]);
  });

  it('tolerates extra fields and a missing pim_source', () => {
    const ev = legacy('product.updated', { uuid: UUID, values: {}, quantified_associations: {} }, { new_field: 1 });
    delete (ev as Record<string, unknown>).pim_source;
    assert.equal(fromEventsApi(eventsApiBodySchema.parse({ events: [ev], meta: {} })).length, 1);
  });

  for (const [name, body] of [
    ['11 events', { events: Array.from({ length: 11 }, () => legacy('product_model.removed', { code: 'm' })) }],
    ['no events', { events: [] }],
    ['an unknown action', { events: [legacy('product.deleted', { uuid: UUID })] }],
    ['a non-uuid event_id', { events: [legacy('product.removed', { uuid: UUID }, { event_id: 'c1d2...' })] }],
    ['a date without offset', { events: [legacy('product.removed', { uuid: UUID }, { event_datetime: '2023-11-14T22:13:20' })] }],
    ['a product with neither uuid nor identifier', { events: [legacy('product.removed', { identifier: null })] }],
    ['a product without uuid and a blank identifier', { events: [legacy('product.updated', { identifier: '  ' })] }],
    ['a product model without code', { events: [legacy('product_model.updated', { uuid: UUID })] }],
    ['a product-model code with a comma', { events: [legacy('product_model.updated', { code: 'a,b' })] }],
    ['a product identifier over 255 characters', { events: [legacy('product.updated', { uuid: UUID, identifier: 'x'.repeat(256) })] }],
  ] as const) {
    it(`rejects ${name}`, () => {
      assert.throws(() => eventsApiBodySchema.parse(body), ZodError);
    });
  }
});

describe('codes and identifiers that would break a URL path', () => {
  const issueOf = (parse: () => unknown): string => {
    try {
      parse();
    } catch (err) {
      if (err instanceof ZodError) return err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    }
    return 'accepted';
  };

  for (const code of ['..', '.', 'a/../b', '%2e%2e', 'x'.repeat(256), 'a\u0000b']) {
    it(`refuses ${JSON.stringify(code.slice(0, 12))} as a legacy code or identifier, naming the field and the problem`, () => {
      const body = (resource: object) => () => eventsApiBodySchema.parse({ events: [legacy('product.updated', { uuid: UUID }), legacy('product_model.updated', resource)] });
      assert.match(issueOf(body({ code })), /^events\.1\.data\.resource\.code: a product-model code must /);
      const identifier = (resource: object) => () => eventsApiBodySchema.parse({ events: [legacy('product.updated', resource)] });
      assert.match(issueOf(identifier({ uuid: UUID, identifier: code })), /^events\.0\.data\.resource\.identifier: a product identifier must /);
      assert.match(issueOf(identifier({ identifier: code })), /^events\.0\.data\.resource\.identifier: a product identifier must /);
    });

    it(`refuses ${JSON.stringify(code.slice(0, 12))} as an Event Platform code or identifier, naming the field and the problem`, () => {
      const model = (data: object) => () => parsePlatformEvent(cloud('com.akeneo.pim.v1.product-model.updated', data));
      assert.match(issueOf(model({ product_model: { code } })), /^data\.product_model\.code: a product-model code must /);
      assert.match(issueOf(model({ product: { code } })), /^data\.product\.code: a product-model code must /);
      const product = () => parsePlatformEvent(cloud('com.akeneo.pim.v1.product.updated', { product: { uuid: UUID, identifier: code } }));
      assert.match(issueOf(product), /^data\.product\.identifier: a product identifier must /);
    });
  }

  it('still takes a product without identifier (null or empty) and an identifier Akeneo allows', () => {
    const events = fromEventsApi(
      eventsApiBodySchema.parse({ events: [legacy('product.updated', { uuid: UUID, identifier: '' }), legacy('product.updated', { uuid: UUID, identifier: 'a/b c' })] }),
    );
    assert.deepEqual(events.map((e) => e.ref.identifier), [undefined, 'a/b c']);
    assert.equal(platform(cloud('com.akeneo.pim.v1.product-model.updated', { product_model: { code: 'x'.repeat(255) } })).ref.id.length, 255);
  });
});

describe('Event Platform schema and mapping', () => {
  it('maps product events, delta as updated and deleted as removed', () => {
    const data = { product: { uuid: UUID.toUpperCase(), identifier: 'SKU-1' }, author: { identifier: 'x', type: 'api' } };
    const actions = ['created', 'updated', 'updated.delta', 'deleted'].map(
      (verb) => platform(cloud(`com.akeneo.pim.v1.product.${verb}`, data)).action,
    );
    assert.deepEqual(actions, ['created', 'updated', 'updated', 'removed']);
    assert.deepEqual(platform(cloud('com.akeneo.pim.v1.product.created', data)), {
      ref: { kind: 'product', id: UUID, identifier: 'SKU-1' },
      eventId: 'evt-1',
      action: 'created',
      eventDate: '2024-03-07T15:16:37.123Z',
      source: 'event-platform',
    });
  });

  it('reads a product-model code from data.product_model or data.product', () => {
    const a = platform(cloud('com.akeneo.pim.v1.product-model.updated.delta', { product_model: { code: 'pm', changes: {} } }));
    const b = platform(cloud('com.akeneo.pim.v1.product-model.created', { product: { code: 'pm' } }));
    assert.deepEqual([a.ref, a.action], [{ kind: 'product-model', id: 'pm' }, 'updated']);
    assert.deepEqual([b.ref, b.action], [{ kind: 'product-model', id: 'pm' }, 'created']);
  });

  it('reports other well-formed types as ignored', () => {
    for (const type of ['com.akeneo.pim.v1.asset.created', 'com.akeneo.pim.v1.product.became-complete']) {
      assert.deepEqual(parsePlatformEvent(cloud(type, { category: { code: 'c' } })), { kind: 'ignored', id: 'evt-1', type, time: '2024-03-07T15:16:37.123Z' });
    }
  });

  it('reduces each structure event to its item key (attribute options under their attribute)', () => {
    const cases: [string, object, string][] = [
      ['com.akeneo.pim.v1.category.deleted', { category: { code: 'summer 2026' } }, 'categories/summer%202026'],
      ['com.akeneo.pim.v1.attribute.created', { attribute: { code: 'color' } }, 'attributes/color'],
      ['com.akeneo.pim.v1.attribute-option.updated', { attribute_option: { code: 'red', attribute: { code: 'color' } } }, 'attribute-options/color/red'],
      ['com.akeneo.pim.v1.attribute-group.deleted', { attribute_group: { code: 'tech' } }, 'attribute-groups/tech'],
      ['com.akeneo.pim.v1.family.updated', { family: { code: 'shoes' } }, 'families/shoes'],
    ];
    for (const [type, data, key] of cases) {
      assert.deepEqual(parsePlatformEvent(cloud(type, data)), { kind: 'structure', id: 'evt-1', type, time: '2024-03-07T15:16:37.123Z', key });
    }
  });

  it('refuses a structure event without a usable code', () => {
    for (const data of [{ family: { code: '' } }, { family: { code: '../x' } }, { family: { code: 'a\u0007' } }, { category: { code: 'c' } }]) {
      assert.throws(() => parsePlatformEvent(cloud('com.akeneo.pim.v1.family.created', data)), ZodError, JSON.stringify(data));
    }
  });

  for (const [name, json] of [
    ['a product event without uuid', cloud('com.akeneo.pim.v1.product.updated', { product: { identifier: 'SKU' } })],
    ['a product-model event without code', cloud('com.akeneo.pim.v1.product-model.deleted', { product_model: {} })],
    ['specversion 0.3', cloud('com.akeneo.pim.v1.category.created', {}, { specversion: '0.3' })],
    ['an empty id', cloud('com.akeneo.pim.v1.category.created', {}, { id: '' })],
    ['a time without offset', cloud('com.akeneo.pim.v1.category.created', {}, { time: '2024-03-07 15:16:37' })],
    ['a missing type', cloud('com.akeneo.pim.v1.category.created', {}, { type: undefined })],
  ] as const) {
    it(`rejects ${name}`, () => {
      assert.throws(() => parsePlatformEvent(json), ZodError);
    });
  }
});

describe('future-dated events', () => {
  it('rejects an event dated more than an hour ahead, and accepts small clock skew', async () => {
    const { rejectFutureEvents } = await import('../../src/api/future-events');
    const now = Date.parse('2026-01-01T00:00:00Z');
    const ev = (eventDate: string) => ({ ref: { kind: 'product' as const, id: 'x' }, eventId: 'e', action: 'updated' as const, eventDate, source: 'events-api' as const });
    rejectFutureEvents([ev('2026-01-01T00:59:00Z')], now);
    let code = '';
    try {
      rejectFutureEvents([ev('2026-01-01T01:01:00Z')], now);
    } catch (err) {
      code = (err as { code: string }).code;
    }
    if (code !== 'invalid_payload') throw new Error(`expected invalid_payload, got ${code || 'no error'}`);
  });
});
