/**
 * The raw baseline of a burst: the same requests of 10 events as the legacy sender's, each request's events signalled
 * straight to Temporal in parallel (`signalWithStart`, what the API does for them), by `concurrency` senders that give
 * up waiting on a request after the legacy sender's timeout and move on, as Akeneo's Guzzle pool does. A signal is not
 * cancelled when its sender moves on: an event counts as taken once its signal resolved, however late.
 */
import { BenchTimeoutError, withDeadline } from './util';

/** What a raw burst did. */
export interface RawBurstResult {
  requests: number;
  events: number;
  /** Events whose signal resolved, within the sender's timeout or after. */
  taken: number;
  /** Events whose signal failed. */
  failed: number;
  /** Events whose signal had not settled by the settle deadline (counted as not taken). */
  unsettled: number;
  /** Requests whose signals had not all settled within the sender's timeout. */
  timeouts: number;
  /** Requests with a failed signal, all settled within the timeout. */
  failedRequests: number;
  /** Per request: milliseconds until every signal of it succeeded (requests that did within the timeout only). */
  okLatenciesMs: number[];
  /** From the first request to the last one let go. */
  sendMs: number;
  /** From the first request until every signal settled (or the settle deadline). */
  settleMs: number;
}

/** Options of {@link rawBurst}. */
export interface RawBurstOptions {
  concurrency: number;
  /** How long a sender waits on one request (Akeneo: 500 ms). */
  timeoutMs: number;
  /** How long to wait, after the last request was let go, for the signals still in flight. */
  settleTimeoutMs: number;
}

/** Sends `batches` (one request each) through `signal`, one call per event; see the module comment. */
export async function rawBurst<E>(batches: readonly E[][], o: RawBurstOptions, signal: (event: E) => Promise<unknown>): Promise<RawBurstResult> {
  const result: RawBurstResult = { requests: batches.length, events: 0, taken: 0, failed: 0, unsettled: 0, timeouts: 0, failedRequests: 0, okLatenciesMs: [], sendMs: 0, settleMs: 0 };
  const all: Array<Promise<boolean>> = [];
  const start = performance.now();
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++];
      result.events += batch.length;
      const t = performance.now();
      const settled = batch.map((event) =>
        signal(event).then(
          () => ((result.taken += 1), true),
          () => ((result.failed += 1), false),
        ),
      );
      all.push(...settled);
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), o.timeoutMs)));
      const outcome = await Promise.race([Promise.all(settled), expired]).finally(() => clearTimeout(timer));
      if (outcome === 'timeout') result.timeouts += 1;
      else if (outcome.every(Boolean)) result.okLatenciesMs.push(performance.now() - t);
      else result.failedRequests += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, batches.length)) }, sender));
  result.sendMs = performance.now() - start;
  await withDeadline(Promise.all(all), o.settleTimeoutMs, 'raw signals to settle').catch((err: unknown) => {
    if (!(err instanceof BenchTimeoutError)) throw err;
  });
  result.settleMs = performance.now() - start;
  result.unsettled = result.events - result.taken - result.failed;
  return result;
}
