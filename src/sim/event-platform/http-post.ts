/** One POST as the platform makes it: a timeout, redirects not followed (a 3xx is an answer), the body drained. */

/** What came back. */
export interface PostResult {
  /** HTTP status, or 0 when no answer came. */
  status: number;
  /** Real milliseconds until the answer (or the failure). */
  ms: number;
  error?: 'timeout' | 'network';
}

/** POSTs `body` to `url`; never throws. `closed` aborts it without waiting for the timeout. */
export async function postOnce(
  fetchFn: typeof fetch,
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  closed: AbortSignal,
): Promise<PostResult> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetchFn(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.any([timeout, closed]) });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started, error: timeout.aborted ? 'timeout' : 'network' };
  }
}
