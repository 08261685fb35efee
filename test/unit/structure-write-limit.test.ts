import assert from 'node:assert/strict';
import { limitStructureWrites } from '../../src/activities/structure-sync';
import { WriteOutcome } from '../../src/domain/write-outcome';
import { MemoryDestination } from '../helpers/memory-adapters';

/** A destination whose structure writes wait until released, counting how many are in flight at once. */
class HeldDestination extends MemoryDestination {
  inFlight = 0;
  most = 0;
  private readonly held: Array<() => void> = [];

  private async hold(): Promise<WriteOutcome> {
    this.most = Math.max(this.most, ++this.inFlight);
    await new Promise<void>((resolve) => this.held.push(resolve));
    this.inFlight--;
    return WriteOutcome.WRITTEN;
  }

  override upsertStructure(): Promise<WriteOutcome> {
    return this.hold();
  }

  override removeStructure(): Promise<WriteOutcome> {
    return this.hold();
  }

  release(): number {
    const n = this.held.length;
    this.held.splice(0).forEach((r) => r());
    return n;
  }
}

describe('STRUCTURE_WRITE_CONCURRENCY across calls', () => {
  it('lets at most the limit of structure writes reach the destination at once, from any number of callers', async () => {
    const real = new HeldDestination();
    const limited = limitStructureWrites(real, 3);
    // Four callers (four syncStructurePages calls and an item sync) each with their own bounded fan-out.
    const writes = [
      ...Array.from({ length: 8 }, (_, i) => limited.upsertStructure(`attributes/a${i}`, {}, { digest: 'd' })),
      ...Array.from({ length: 4 }, (_, i) => limited.removeStructure(`channels/c${i}`)),
    ];
    let done = 0;
    const all = Promise.all(writes).then((r) => ((done = r.length), r));
    for (let rounds = 0; done === 0 && rounds < 100; rounds++) {
      await new Promise((resolve) => setImmediate(resolve));
      real.release();
    }
    await all;
    assert.equal(done, 12, 'every write finished');
    assert.equal(real.most, 3, 'never more than the limit at once, and the limit used');
  });

  it('leaves the other destination methods as they are, bound to the destination', async () => {
    const real = new MemoryDestination();
    const limited = limitStructureWrites(real, 1);
    real.media.set('x', { bytes: Buffer.from('x'), contentType: 'text/plain' });
    assert.equal(await limited.hasMedia('x'), true, 'a method called on the real destination');
  });
});
