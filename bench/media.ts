/**
 * Media benchmark (issue 14): N products in the PIM simulator (capped at 100 requests/s), each with one image of M
 * shared files of 100–500 kB, loaded into an empty third party by a full reconcile as `resync-all` starts it (the
 * first load of bench/reconcile.ts); the worker runs as its own process. Measures the time until every product and
 * file is there, the transfers (downloads, media PUTs, HEADs), the order of the writes and the PIM's calls.
 */
import { value } from '../src/sim';
import type { RecordedRequest } from '../src/sim/http-server';
import { DEFAULT_DELETE_MAX_FRACTION, type ReconcileInput } from '../src/workflows/reconcile-definitions';
import type { MediaFigures } from './media-report';
import type { BenchSizes, WorkerSetup } from './options';
import { startRunStack, type RunStack } from './run-stack';
import { PIM_CAP_RPS } from './stack';
import { startBenchTemporal } from './temporal';
import { installQuietRuntime, progress, round, until, withDeadline } from './util';

const TASK_QUEUE = 'bench-media';
/** The first load's input: what `resync-all` passes with the default config. */
const FIRST_LOAD_INPUT: ReconcileInput = { mode: 'full', deletePolicy: 'delete', deleteMaxFraction: DEFAULT_DELETE_MAX_FRACTION };

/** Size of file `i` of `m`: spread evenly over 100–500 kB, as catalogue photos are. */
const fileSize = (i: number, m: number) => 100_000 + Math.round((400_000 * i) / Math.max(1, m - 1));

/** Runs the benchmark at `sizes.media`. */
export async function benchMedia(sizes: BenchSizes, setup: WorkerSetup): Promise<MediaFigures> {
  installQuietRuntime();
  const { products: n, files: m } = sizes.media;
  const server = await startBenchTemporal();
  let run: RunStack | undefined;
  try {
    run = await startRunStack(server, { taskQueue: TASK_QUEUE, api: false, setup });
    const { pim, thirdParty, catalog } = run;
    pim.structure.seed(); // `picture`: an image attribute, so its values carry download links
    const files = Array.from({ length: m }, (_, i) => pim.media.add({ originalFilename: `photo-${i}.jpg`, size: fileSize(i, m) }));
    const uses = new Map<string, string>();
    for (let i = 0; i < n; i++) {
      const code = files[i % m].code;
      uses.set(catalog.createProduct({ values: { picture: [value(code)] } }, { silent: true }).uuid, code);
    }
    const fileBytes = files.reduce((sum, f) => sum + f.size, 0);
    progress(`media: ${n} silent products sharing ${m} images (${fileBytes} bytes); first load by a full reconcile`);
    const pimRequests0 = pim.requests.length;
    const t0 = Date.now();
    const timeoutMs = 120_000 + n * 150;
    const ticker = setInterval(() => progress(`media: ${thirdParty.products().size}/${n} products, ${thirdParty.media.list().length}/${m} files after ${round((Date.now() - t0) / 1000, 0)} s`), 15_000);
    try {
      await withDeadline(server.env.client.workflow.execute('reconcileWorkflow', { taskQueue: TASK_QUEUE, workflowId: 'bench-media-first-load', args: [FIRST_LOAD_INPUT] }), timeoutMs, 'media first load');
      await until(() => thirdParty.products().size >= n && thirdParty.media.list().length >= m, timeoutMs, 'every product and file at the third party', 200);
    } finally {
      clearInterval(ticker);
    }
    const seconds = round((Date.now() - t0) / 1000);
    const pimCalls = callsByOperation(pim.requests.slice(pimRequests0));
    const figures: MediaFigures = {
      products: n,
      files: m,
      fileBytes,
      pimCapRps: PIM_CAP_RPS,
      load: 'full reconcile',
      seconds,
      productsReached: thirdParty.products().size,
      filesReached: thirdParty.media.list().length,
      downloads: pim.media.downloads,
      mediaPuts: thirdParty.media.puts,
      heads: thirdParty.media.heads,
      productsBeforeFiles: productsBeforeFiles(thirdParty.requests, uses),
      pimCalls,
      pimRateLimited: pim.rateLimitedCount,
    };
    progress(`media: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await run?.close();
    await server.stop();
  }
}

/** Products whose first successful `PUT` was answered before the first successful `PUT` of the file they use. */
export function productsBeforeFiles(requests: readonly RecordedRequest[], uses: ReadonlyMap<string, string>): number {
  const firstPut = new Map<string, number>();
  requests.forEach((r, i) => {
    if (r.method === 'PUT' && r.status < 300 && !firstPut.has(r.path)) firstPut.set(r.path, i);
  });
  let before = 0;
  for (const [uuid, code] of uses) {
    const product = firstPut.get(`/products/${uuid}`);
    const file = firstPut.get(`/media/${encodeURIComponent(code)}`);
    if (product === undefined || file === undefined || product < file) before++;
  }
  return before;
}

/** The PIM's REST calls by operation, from their paths (token calls apart). */
export function callsByOperation(requests: readonly RecordedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) {
    const op = operationOf(r);
    counts[op] = (counts[op] ?? 0) + 1;
  }
  return counts;
}

function operationOf(r: RecordedRequest): string {
  const p = r.path.replace(/\/+$/, '');
  if (p.endsWith('/token')) return 'token';
  if (p.includes('/media-files/')) return p.endsWith('/download') ? 'media download' : 'media metadata';
  // The syncs read by `uuid IN` searches (batched); the reconcile lists pages.
  if (/\/(products-uuid|product-models)$/.test(p)) return safeDecode(r.query).includes('"uuid"') ? 'product search' : 'product list';
  if (/\/(products-uuid|product-models)\//.test(p)) return 'product get';
  return 'other';
}

function safeDecode(query: string): string {
  try {
    return decodeURIComponent(query);
  } catch {
    return query;
  }
}
