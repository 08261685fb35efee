import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { ActivityLiveness } from '../../src/activities/activity-liveness';
import { MediaStalledError } from '../../src/activities/media-transfer';
import { toPimFailure } from '../../src/activities/failure-mapping';
import { FailureType } from '../../src/failures';

/** Polls `check` every 5 ms until it holds, failing after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await delay(5);
  }
}

describe('syncEntity heartbeats (ActivityLiveness)', () => {
  const HEARTBEAT_TIMEOUT_MS = 100;
  let liveness: ActivityLiveness | undefined;
  afterEach(() => liveness?.stop());

  it('beats on its own outside transfers (the read and the write are bounded by their request timeouts)', async () => {
    let beats = 0;
    liveness = new ActivityLiveness({ heartbeat: () => beats++, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS });
    await until(() => beats >= 3, 'three heartbeats');
    assert.equal(liveness.signal.aborted, false);
  });

  it('keeps beating through a transfer that moves, however long past the heartbeat timeout', async () => {
    let beats = 0;
    liveness = new ActivityLiveness({ heartbeat: () => beats++, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS });
    const started = Date.now();
    await liveness.transfer(async (onProgress) => {
      while (Date.now() - started < 5 * HEARTBEAT_TIMEOUT_MS) {
        onProgress();
        await delay(10);
      }
    });
    assert.equal(liveness.signal.aborted, false);
    assert.ok(beats >= 5, `${beats} heartbeats in ${5 * HEARTBEAT_TIMEOUT_MS} ms`);
  });

  it('stops beating when a transfer stalls, then aborts it with a retryable PIM failure', async () => {
    let beats = 0;
    liveness = new ActivityLiveness({ heartbeat: () => beats++, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS });
    const l = liveness;
    let beatsAtStall = -1;
    const outcome = l.transfer(async (onProgress) => {
      onProgress();
      beatsAtStall = beats;
      // Stalled: waits for the abort only.
      await new Promise((_, reject) => l.signal.addEventListener('abort', () => reject(l.signal.reason as Error)));
    });
    await assert.rejects(outcome, MediaStalledError);
    // At most the tick that saw the last progress beat after it.
    assert.ok(beats - beatsAtStall <= 1, `${beats - beatsAtStall} heartbeats after the stall`);
    const failure = toPimFailure(l.signal.reason) as { type?: string; nonRetryable?: boolean };
    assert.equal(failure.type, FailureType.PIM_UNAVAILABLE);
    assert.equal(failure.nonRetryable, false);
  });

  it('aborts its signal when the activity is cancelled', () => {
    const parent = new AbortController();
    liveness = new ActivityLiveness({ heartbeat: () => undefined, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS, parent: parent.signal });
    parent.abort(new Error('cancelled'));
    assert.equal(liveness.signal.aborted, true);
    assert.equal((liveness.signal.reason as Error).message, 'cancelled');
  });
});
