import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createIdentifierPimActivities } from '../../src/activities/identifier-events';
import type { PimProduct } from '../../src/akeneo/types';
import { FailureType } from '../../src/failures';

const UUID = '6F1D2A0E-3C4B-4E5F-8A9B-0C1D2E3F4A5B';

/** `resolveProductUuid` against a PIM that answers `GET /products/{identifier}` with `product`. */
async function resolve(product: Partial<PimProduct> | undefined): Promise<string | null> {
  const { resolveProductUuid } = createIdentifierPimActivities({ pim: { getProductByIdentifier: () => Promise.resolve(product as PimProduct | undefined) } });
  return new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') }).run(resolveProductUuid, 'sku-1');
}

describe('resolving a legacy event identifier to a uuid', () => {
  it('gives the uuid the PIM returns, in lower case', async () => {
    assert.equal(await resolve({ identifier: 'sku-1', uuid: UUID }), UUID.toLowerCase());
  });

  it('gives null when the PIM has no product under the identifier', async () => {
    assert.equal(await resolve(undefined), null);
  });

  it('fails for good, naming the cause, when the PIM answers a product without uuid (Akeneo before 7.0)', async () => {
    await assert.rejects(resolve({ identifier: 'sku-1' }), (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.type, FailureType.PIM_REJECTED);
      assert.equal(err.nonRetryable, true);
      assert.match(err.message, /"sku-1" without a uuid: an Akeneo before 7\.0/);
      return true;
    });
  });
});
