/**
 * Runs `task` over `items` with at most `width` at once (a tiny p-limit for activity fan-out). After the
 * first failure no further item is started; the call rejects with that failure.
 */
export async function mapBounded<T, R>(items: readonly T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await task(items[i]);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, lane));
  return results;
}

/**
 * Like {@link mapBounded}, and calls `onPrefix(done, results)` each time the first `done` items have all
 * finished: progress a retry can resume from, even though items finish out of order.
 */
export async function mapBoundedInOrder<T, R>(
  items: readonly T[],
  width: number,
  task: (item: T) => Promise<R>,
  onPrefix: (done: number, results: readonly R[]) => void,
): Promise<R[]> {
  const results: R[] = [];
  const finished = new Array<boolean>(items.length).fill(false);
  let done = 0;
  await mapBounded(
    items.map((item, i) => ({ item, i })),
    width,
    async ({ item, i }) => {
      results[i] = await task(item);
      finished[i] = true;
      const before = done;
      while (done < items.length && finished[done]) done++;
      if (done > before) onPrefix(done, results.slice(0, done));
    },
  );
  return results;
}

/** A runner that lets at most `width` of the tasks given to it run at once, across callers (FIFO). */
export function limitConcurrency(width: number): <R>(task: () => Promise<R>) => Promise<R> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <R>(task: () => Promise<R>): Promise<R> => {
    if (active >= width) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next(); // the slot passes straight to the next waiter
      else active--;
    }
  };
}
