/** Sends raw requests with node:http (any header, chunked or not), a bounded number at a time. */
import http from 'node:http';
import type { WireRequest } from './spec';

/** What came back for one request. */
export interface WireAnswer {
  /** HTTP status, or 0 when no answer came. */
  status: number;
  /** `error.code` of the JSON error body, when there is one. */
  code?: string;
  ms: number;
  /** Why no answer came: `timeout`, or the socket error code. */
  error?: string;
}

const CHUNK = 64 * 1024;
const MAX_ANSWER_BYTES = 16 * 1024;

function errorCode(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown } };
    return typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
  } catch {
    return undefined;
  }
}

/** POSTs `req` to `baseUrl` through `agent`; never rejects. */
export function sendWire(baseUrl: string, req: WireRequest, agent: http.Agent, timeoutMs = 10_000): Promise<WireAnswer> {
  const url = new URL(req.path, baseUrl);
  const started = performance.now();
  const ms = (): number => performance.now() - started;
  return new Promise<WireAnswer>((resolve) => {
    let settled = false;
    const settle = (a: WireAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(a);
    };
    const headers = req.chunked ? req.headers : { ...req.headers, 'Content-Length': String(req.body.length) };
    const r = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers, agent }, (res) => {
      let text = '';
      res.on('data', (b: Buffer) => {
        if (text.length < MAX_ANSWER_BYTES) text += b.toString('utf8');
      });
      res.on('end', () => settle({ status: res.statusCode ?? 0, code: errorCode(text), ms: ms() }));
      res.on('error', (err: NodeJS.ErrnoException) => settle({ status: res.statusCode ?? 0, ms: ms(), error: err.code ?? 'response-error' }));
    });
    const timer = setTimeout(() => {
      settle({ status: 0, ms: ms(), error: 'timeout' });
      r.destroy();
    }, timeoutMs);
    r.on('error', (err: NodeJS.ErrnoException) => settle({ status: 0, ms: ms(), error: err.code ?? err.message }));
    if (req.chunked) {
      // Several writes and no Content-Length: Node sends it chunked.
      for (let i = 0; i < req.body.length; i += CHUNK) r.write(req.body.subarray(i, i + CHUNK));
      r.end();
    } else {
      r.end(req.body);
    }
  });
}

/** Runs `task` over `items` with at most `concurrency` at once; results in item order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  return results;
}
