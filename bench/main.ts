/** `npm run bench [-- --large]`: runs the benchmarks, prints figures, writes bench/results.json and bench/RESULTS.md. */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchReconcile, type ReconcileFigures } from './reconcile';

async function main(): Promise<void> {
  const large = process.argv.includes('--large');
  const sizes = large ? [1_000, 10_000, 100_000] : [1_000, 10_000];
  const reconcile: ReconcileFigures[] = [];
  for (const n of sizes) reconcile.push(await benchReconcile(n));
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const results = { date: new Date().toISOString(), machine, reconcile };
  writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const rows = reconcile.map(
    (r) =>
      `| ${r.products} | ${r.initialDeltaRunS} s | ${r.initialConvergeS} s | ${r.unchangedDeltaRunS} s (${r.unchangedDeltaPagesPerS} pages/s) | ${r.unchangedDeltaWrites} | ${r.fullRunS} s (${r.fullDeleted} deleted) | ${r.peakPimConcurrency} |`,
  );
  const md = [
    `Measured ${results.date} on ${machine}; Temporal dev server (SQLite in memory), PIM simulator capped at 100 requests/s.`,
    '',
    '| products | first delta run (all new) | until third party = PIM | delta run, nothing changed | writes | full run (1 % deleted) | peak PIM concurrency |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(path.join(__dirname, 'RESULTS.md'), md);
  process.stdout.write(`\n${md}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
