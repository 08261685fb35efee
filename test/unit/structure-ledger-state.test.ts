import assert from 'node:assert/strict';
import { countKind, tallyKinds, forgetKeys, initialLedgerState, ledgerShardOf, observeItems, recordWritten, unseenKeys } from '../../src/workflows/structure-ledger-state';

describe('structure ledger state', () => {
  it('reports new and changed digests as changed until their write is recorded, unchanged ones not', () => {
    let s = initialLedgerState();
    let out = observeItems(s, 'r1', [['attributes/a', 'd1'], ['attributes/b', 'd2']]);
    assert.deepEqual(out.changed, ['attributes/a', 'attributes/b']);
    s = recordWritten(out.state, [['attributes/a', 'd1']]);
    out = observeItems(s, 'r2', [['attributes/a', 'd1'], ['attributes/b', 'd2']]);
    assert.deepEqual(out.changed, ['attributes/b'], 'b was never recorded written');
    s = recordWritten(out.state, [['attributes/b', 'd2']]);
    out = observeItems(s, 'r3', [['attributes/a', 'dX'], ['attributes/b', 'd2']]);
    assert.deepEqual(out.changed, ['attributes/a']);
    assert.equal(out.state.entries['attributes/a'][0], 'd1', 'observing does not change the digest');
  });

  it('pages the keys of a kind not seen in a run, sorted, and forgets keys', () => {
    let s = observeItems(initialLedgerState(), 'r1', [['categories/c', 'x'], ['categories/a', 'x'], ['categories/b', 'x'], ['attributes/a', 'x']]).state;
    s = observeItems(s, 'r2', [['categories/b', 'x']]).state;
    assert.deepEqual(unseenKeys(s, 'r2', 'categories', undefined, 1), { keys: ['categories/a'], next: 'categories/a' });
    assert.deepEqual(unseenKeys(s, 'r2', 'categories', 'categories/a', 1), { keys: ['categories/c'] });
    assert.equal(countKind(s, 'categories'), 3);
    s = forgetKeys(s, ['categories/a']);
    assert.equal(countKind(s, 'categories'), 2);
    assert.equal(countKind(s, 'attributes'), 1);
    assert.deepEqual(tallyKinds(s, 'r2'), { categories: { unseen: 1, known: 2 }, attributes: { unseen: 1, known: 1 } });
  });

  it('spreads keys over shards deterministically', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, i) => ledgerShardOf(`attribute-options/color/o${i}`, 64)));
    assert.ok(shards.size > 40);
    assert.equal(ledgerShardOf('attributes/color', 64), ledgerShardOf('attributes/color', 64));
  });
});
