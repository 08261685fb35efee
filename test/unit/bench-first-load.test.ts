import assert from 'node:assert/strict';
import { FIRST_LOAD_BEFORE_S, firstLoadBudgetS, firstLoadGoal, type FirstLoadFigures } from '../../bench/first-load';

const FIGURES: FirstLoadFigures = { products: 10_000, mode: 'full', runS: 560, convergeS: 570, productsPerS: 17.5, pimRequests: 10_102, pimRequestsPerProduct: 1.01, budgetS: 95.7 };

describe('bench: first load', () => {
  it('allows 0.3 × the 319 s measured before issue 15 for 10,000 products, scaled by the product count', () => {
    assert.equal(FIRST_LOAD_BEFORE_S, 319);
    assert.equal(firstLoadBudgetS(10_000), 95.7);
    assert.equal(firstLoadBudgetS(500), 4.8);
    assert.equal(firstLoadBudgetS(2_000), 19.1);
  });

  it('is met within the budget, and says where the time went when not', () => {
    const slow = firstLoadGoal(FIGURES);
    assert.equal(slow.id, 'first-load');
    assert.equal(slow.met, false);
    assert.equal(slow.measured, '570 s (budget 95.7 s; 17.5 products/s, 10102 PIM requests)');
    assert.match(slow.why ?? '', /^1\.01 PIM requests per product, 17\.7 requests\/s \(the PIM allows 100\): the pace is Temporal's, 17\.5 new entity workflows\/s/);
    const fast = firstLoadGoal({ ...FIGURES, convergeS: 90 });
    assert.equal(fast.met, true);
    assert.equal(fast.why, undefined);
    assert.equal(firstLoadGoal(undefined).met, null);
  });
});
