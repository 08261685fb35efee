import assert from 'node:assert/strict';
import { ChaosArgsError, parseChaosArgs, selectScenarios } from '../../chaos/args';
import { SCENARIOS as SUITE } from '../../chaos/scenarios';
import { TemporalKind } from '../../chaos/temporal';

/** The suite's scenarios as the parser sees them: names, and the one that runs on the cluster only. */
const SCENARIOS = [{ name: 'worker-kill' }, { name: 'temporal-restart' }, { name: 'temporal-node-kill', requires: TemporalKind.CLUSTER }, { name: 'fuzz' }];

const parse = (...argv: string[]) => parseChaosArgs(argv, SCENARIOS, () => 7);

/** Asserts that `argv` is refused with one line matching `pattern`. */
function assertRefused(argv: string[], pattern: RegExp): void {
  assert.throws(
    () => parseChaosArgs(argv, SCENARIOS),
    (err: unknown) => {
      assert.ok(err instanceof ChaosArgsError, `a ChaosArgsError, got ${String(err)}`);
      assert.doesNotMatch(err.message, /\n/, 'one line');
      assert.match(err.message, pattern);
      return true;
    },
  );
}

describe('chaos suite arguments', () => {
  it('defaults to every scenario on the dev server, 10,000 fuzz requests and a random seed', () => {
    assert.deepEqual(parse(), { only: undefined, fuzz: 10_000, seed: 7, temporal: 'dev' });
  });

  it('reads --only, --fuzz, --seed and --temporal, with a space or an equals sign', () => {
    assert.deepEqual(parse('--only', 'worker-kill,fuzz', '--fuzz', '2000', '--seed', '42', '--temporal', 'cluster'), {
      only: ['worker-kill', 'fuzz'],
      fuzz: 2000,
      seed: 42,
      temporal: 'cluster',
    });
    assert.equal(parse('--temporal=cluster').temporal, 'cluster');
    assert.equal(parse('--seed=-3').seed, -3);
  });

  it('ignores the extra `--` npm passes through between options', () => {
    assert.deepEqual(parse('--only', 'fuzz', '--', '--fuzz', '5'), { only: ['fuzz'], fuzz: 5, seed: 7, temporal: 'dev' });
  });

  it('refuses a --temporal other than dev or cluster', () => {
    assertRefused(['--temporal', 'k8s'], /^--temporal must be dev or cluster, not 'k8s'$/);
    assertRefused(['--temporal', 'Cluster'], /not 'Cluster'/);
    assertRefused(['--temporal'], /--temporal.*argument missing/);
  });

  it('refuses the cluster-only scenario by name unless --temporal cluster', () => {
    assertRefused(['--only', 'temporal-node-kill'], /temporal-node-kill runs only with --temporal cluster \(this run: --temporal dev\)/);
    assertRefused(['--only', 'worker-kill,temporal-node-kill', '--temporal', 'dev'], /temporal-node-kill runs only with --temporal cluster/);
    assert.deepEqual(parse('--only', 'temporal-node-kill', '--temporal', 'cluster').only, ['temporal-node-kill']);
  });

  it('holds for the suite itself: temporal-node-kill is its one cluster-only scenario', () => {
    assert.deepEqual(SUITE.filter((s) => s.requires).map((s) => [s.name, s.requires]), [['temporal-node-kill', 'cluster']]);
    assert.throws(() => parseChaosArgs(['--only', 'temporal-node-kill'], SUITE), ChaosArgsError);
    assert.equal(parseChaosArgs(['--only', 'temporal-restart,temporal-node-kill', '--temporal', 'cluster'], SUITE).temporal, 'cluster');
  });

  it('refuses an unknown scenario, naming the known ones', () => {
    assertRefused(['--only', 'worker-kill,nope'], /^unknown scenario 'nope' \(scenarios: worker-kill, temporal-restart, temporal-node-kill, fuzz\)$/);
    assertRefused(['--only', ''], /unknown scenario ''/);
  });

  it('refuses a --fuzz below 1 and a --fuzz or --seed that is not a whole number', () => {
    assertRefused(['--fuzz', '0'], /^--fuzz must be a whole number ≥ 1, not '0'$/);
    assertRefused(['--fuzz', '1.5'], /--fuzz must be a whole number/);
    assertRefused(['--seed', 'abc'], /^--seed must be a whole number, not 'abc'$/);
    assertRefused(['--seed', ''], /--seed must be a whole number/);
    assertRefused(['--seed', '-3'], /--seed.*ambiguous/);
  });

  it('refuses an unknown option and a stray argument', () => {
    assertRefused(['--temporal-kind', 'cluster'], /Unknown option '--temporal-kind'.*\(options: --only, --fuzz, --seed, --temporal\)/);
    assertRefused(['cluster'], /Unexpected argument 'cluster'/);
  });

  it('skips the cluster-only scenario of a full run on the dev server, and runs it on the cluster', () => {
    const names = (list: Array<{ name: string }>) => list.map((s) => s.name);
    const onDev = selectScenarios(SCENARIOS, parse());
    assert.deepEqual(names(onDev.run), ['worker-kill', 'temporal-restart', 'fuzz']);
    assert.deepEqual(onDev.skipped, [{ name: 'temporal-node-kill', reason: 'runs only with --temporal cluster' }]);
    const onCluster = selectScenarios(SCENARIOS, parse('--temporal', 'cluster'));
    assert.deepEqual(names(onCluster.run), ['worker-kill', 'temporal-restart', 'temporal-node-kill', 'fuzz']);
    assert.deepEqual(onCluster.skipped, []);
  });

  it('selects --only scenarios in the suite\'s order', () => {
    const { run, skipped } = selectScenarios(SCENARIOS, parse('--only', 'fuzz,temporal-node-kill,worker-kill', '--temporal', 'cluster'));
    assert.deepEqual(run.map((s) => s.name), ['worker-kill', 'temporal-node-kill', 'fuzz']);
    assert.deepEqual(skipped, []);
  });
});
