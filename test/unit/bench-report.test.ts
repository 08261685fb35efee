import assert from 'node:assert/strict';
import { parseBenchArgs } from '../../bench/options';
import { evaluateGoals, toMarkdown, type BenchResults } from '../../bench/report';

const MACHINE = { cpus: 2, model: 'CPU', memoryGiB: 24, node: 'v20', os: 'Linux', temporalCli: 'Temporal CLI 1.9.1' };

function run(kind: 'dev' | 'cluster', p50: number, p99: number): BenchResults {
  const r: Omit<BenchResults, 'goals'> = {
    date: '2026-12-01T00:00:00.000Z',
    mode: 'default',
    durationMin: 15,
    machine: MACHINE,
    temporal: { kind, description: kind === 'dev' ? 'dev server' : 'Temporal server 1.29.1, 2 nodes' },
    freshness: { samples: 20, eventToWrite: { p50Ms: p50, p99Ms: p99 } } as BenchResults['freshness'],
    errors: {},
  };
  return { ...r, goals: evaluateGoals(r) };
}

describe('bench: --temporal and the two columns of RESULTS.md', () => {
  it('parses --temporal dev|cluster, dev by default, and gives the cluster twice the deadline', () => {
    assert.equal(parseBenchArgs([]).temporal, 'dev');
    const cluster = parseBenchArgs(['--temporal', 'cluster']);
    assert.equal(cluster.temporal, 'cluster');
    assert.equal(cluster.complete, true, 'a default-size cluster run publishes its column');
    assert.equal(cluster.sizes.products, 2_000, 'the cluster reconciles 2,000 products by default');
    assert.equal(parseBenchArgs(['--temporal', 'cluster', '--products', '500']).sizes.products, 500);
    assert.equal(cluster.sizes.totalDeadlineMs, 2 * parseBenchArgs([]).sizes.totalDeadlineMs);
    assert.throws(() => parseBenchArgs(['--temporal', 'prod']), /--temporal takes dev or cluster/);
    assert.throws(() => parseBenchArgs(['--temporal']), /--temporal takes dev or cluster/);
  });

  it('joins the goals of both runs on their ids, one column each, and says what each ran on', () => {
    const md = toMarkdown({ dev: run('dev', 150, 190), cluster: run('cluster', 900, 4000) });
    assert.match(md, /^- Dev server: measured .* on 2 × CPU, .*dev server on the same machine\.$/m);
    assert.match(md, /^- Cluster: measured .*`npm run bench -- --temporal cluster`.*Temporal server 1\.29\.1, 2 nodes on the same machine\.$/m);
    assert.match(md, /^\| Benchmark \| Goal \| Dev server \| Cluster \|$/m);
    assert.match(md, /^\| Freshness: event → third-party write, no load \(20 updates\) \| p50 < 1 s, p99 < 3 s \| p50 150 ms, p99 190 ms: met \| p50 900 ms, p99 4000 ms: \*\*not met\*\* \|$/m);
  });

  it('shows one column when only one kind was measured', () => {
    const md = toMarkdown({ cluster: run('cluster', 100, 200) });
    assert.match(md, /^\| Benchmark \| Goal \| Cluster \|$/m);
    assert.doesNotMatch(md, /Dev server/);
  });

  it('takes the benchmarks of issue 15 in --only, and a run of some of them publishes nothing', () => {
    const args = parseBenchArgs(['--quick', '--only', 'mass-edit,first-load,event-platform']);
    assert.deepEqual(args.only, ['mass-edit', 'first-load', 'event-platform']);
    assert.equal(args.complete, false);
    assert.equal(args.sizes.massEdit.products, 300);
    assert.deepEqual(parseBenchArgs([]).sizes.massEdit, { products: 3_000, concurrencies: [10, 20] });
    assert.equal(parseBenchArgs([]).sizes.eventPlatform.events, 1_000);
  });

  it('says why after a goal that is not met', () => {
    const r = run('dev', 150, 190);
    const goals = [{ id: 'x', benchmark: 'X', goal: 'g', measured: '3 of 4', met: false, why: '1 refused' }, { id: 'y', benchmark: 'Y', goal: 'g', measured: '4 of 4', met: true, why: 'unused' }];
    const md = toMarkdown({ dev: { ...r, goals } });
    assert.match(md, /^\| X \| g \| 3 of 4: \*\*not met\*\* \(1 refused\) \|$/m);
    assert.match(md, /^\| Y \| g \| 4 of 4: met \|$/m);
  });
});
