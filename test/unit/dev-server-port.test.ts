import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { freeFrontendPort } from '../../src/dev/temporal-dev-server';

describe('the dev server frontend port', () => {
  it('is free and below the ephemeral range the dev server takes its internal ports from', async () => {
    const port = await freeFrontendPort();
    assert.ok(port >= 20_000 && port < 32_000, `port ${port}`);
  });

  it('skips a port already taken', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(25_000, '127.0.0.1', resolve));
    try {
      // The first draw lands on the busy port, the next on 25,001.
      const draws = [(25_000 - 20_000) / 12_000, (25_001 - 20_000) / 12_000];
      const port = await freeFrontendPort(() => draws.shift() ?? 0.5);
      assert.equal(port, 25_001);
    } finally {
      busy.close();
    }
  });
});
