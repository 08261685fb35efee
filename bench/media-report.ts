/** Figures of the media benchmark (issue 14), its goal and its detail table for bench/RESULTS.md. */
import type { Goal } from './report-types';

/** Figures of the media benchmark. */
export interface MediaFigures {
  products: number;
  /** Distinct media files the products' `picture` values reference. */
  files: number;
  /** Their bytes in all. */
  fileBytes: number;
  pimCapRps: number;
  /** How the products reached the empty third party: a full reconcile, as `resync-all` starts it. */
  load: 'full reconcile';
  /** From the run's start until every product and file was at the third party. */
  seconds: number;
  productsReached: number;
  filesReached: number;
  /** Downloads the PIM served, and media `PUT`s and `HEAD`s the third party answered. */
  downloads: number;
  mediaPuts: number;
  heads: number;
  /** Products whose first `PUT` came before the `PUT` of a file they reference (goal 0). */
  productsBeforeFiles: number;
  /** REST calls the PIM received, by operation (token calls apart), and how many it answered 429. */
  pimCalls: Record<string, number>;
  pimRateLimited: number;
}

const LABEL = 'Media: first load of products sharing images into an empty third party, PIM capped at 100/s';

/** The goal: one transfer per file (exactly as many downloads and media PUTs as files), every product after its files. */
export function mediaGoal(f: MediaFigures | undefined): Goal {
  const benchmark = f ? `Media: first load of ${f.products} products sharing ${f.files} images (${f.fileBytes.toLocaleString('en-US')} bytes) by a ${f.load}, PIM capped at ${f.pimCapRps}/s` : LABEL;
  const goal = f ? `${f.files} transfers: ${f.files} downloads, ${f.files} media PUTs, every product PUT after its file's` : 'one transfer per file, every product PUT after its file';
  if (!f) return { id: 'media-transfers', benchmark, goal, measured: 'not measured', met: null };
  const met = f.downloads === f.files && f.mediaPuts === f.files && f.productsBeforeFiles === 0 && f.productsReached === f.products && f.filesReached === f.files;
  const measured = `${f.downloads} downloads, ${f.mediaPuts} PUTs, ${f.productsBeforeFiles} products before a file; ${f.productsReached}/${f.products} products in ${f.seconds} s, ${f.heads} HEADs`;
  return { id: 'media-transfers', benchmark, goal, measured, met, ...(!met && { why: `${f.filesReached}/${f.files} files at the third party` }) };
}

/** The detail table: time, transfers, HEADs and the PIM's calls by operation. */
export function mediaTable(f: MediaFigures): string[] {
  const calls = Object.entries(f.pimCalls)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${n} ${op}`)
    .join(', ');
  return [
    `Media detail (${f.products} products, each one image of ${f.files} shared ones, 100–500 kB; loaded by a ${f.load} as \`resync-all\` starts it; ` +
      'the worker transfers each file before the first product that uses it, and remembers it once there):',
    '',
    '| Time | Products / files at the third party | Downloads | Media PUTs | HEADs | Products before a file | PIM calls by operation | PIM 429s |',
    '|---|---|---|---|---|---|---|---|',
    `| ${f.seconds} s | ${f.productsReached} / ${f.filesReached} | ${f.downloads} | ${f.mediaPuts} | ${f.heads} | ${f.productsBeforeFiles} | ${calls} | ${f.pimRateLimited} |`,
  ];
}
