/**
 * Scenario (cluster only): one Temporal node is killed with SIGKILL in the middle of a burst, with webhooks and
 * third-party writes in flight; the burst goes on against the survivor, then the node is started again.
 */
import type { TemporalCluster } from '../../src/dev/temporal-cluster';
import type { SendRecord } from '../../src/sim/event-sender';
import type { Scenario, ScenarioContext, ScenarioOutcome } from '../scenario';
import { withStack } from '../scenario';
import type { ChaosStack } from '../stack';
import { TemporalKind } from '../temporal';
import { judge, pollUntil } from '../verify';
import { runBurst } from '../workload';

/**
 * Shortest time the node stays down. The survivor only takes the dead node's shards once membership drops it:
 * the server's ringpop sets no timeouts of its own (go.temporal.io/server v1.29.1 common/membership/ringpop/factory.go),
 * so ringpop-go's defaults apply (github.com/temporalio/ringpop-go swim/node.go, the version tools/temporal-server/go.sum
 * pins): a 1.5 s ping timeout, then 5 s as suspect. 20 s leaves room for that and the shard hand-over, so round 3
 * is sent to a cluster that has failed over (measured: round 3 all accepted with the node still down).
 */
const MIN_DOWN_MS = 20_000;

/** Answers of round 1 (Event Platform, one event per request, 5 at once) before the kill, so later ones are in flight. */
const ANSWERS_BEFORE_KILL = 3;

/** Events in requests answered 2xx, and in the others (refused, or no answer within the PIM's timeout). */
function eventsByOutcome(records: readonly SendRecord[]): string {
  const accepted = records.filter((r) => r.status >= 200 && r.status <= 299).reduce((n, r) => n + r.eventIds.length, 0);
  const all = records.reduce((n, r) => n + r.eventIds.length, 0);
  return `${accepted}/${all - accepted}`;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The fault, driven round by round from the burst's `after` hook, and what it measured. */
class NodeKill {
  killedAt = 0;
  inFlightAtKill = 0;
  readyzWhileDown = 0;
  servingAgainMs = 0;
  downMs = 0;
  /** `records.length` after each round, at the kill, and when the node was started again. */
  readonly roundEnds: number[] = [];
  downFrom = 0;
  downUntil = 0;
  private killing: Promise<void> = Promise.resolve();

  constructor(
    private readonly stack: ChaosStack,
    private readonly cluster: TemporalCluster,
    readonly node: number,
  ) {}

  async after(round: number): Promise<void> {
    const { records } = this.stack.sender;
    this.roundEnds[round] = records.length;
    if (round === 0) {
      // Armed now, fired while round 1 is being sent (polled often: its answers come within a second or two) and,
      // as in worker-kill, while writes are in flight: entity workflows are in the middle of activities.
      const due = () => records.length >= this.roundEnds[0] + ANSWERS_BEFORE_KILL && this.stack.thirdParty.inFlightRequests > 0;
      this.killing = pollUntil(due, 30_000, 10).then(() => this.kill());
      // Awaited after round 1; handled now so a failure before then is not an unhandled rejection.
      void this.killing.catch(() => undefined);
    } else if (round === 1) {
      await this.killing;
    } else if (round === 2) {
      await new Promise((r) => setTimeout(r, Math.max(0, MIN_DOWN_MS - (Date.now() - this.killedAt))));
      this.readyzWhileDown = await fetch(`${this.stack.apiUrl}/readyz`).then((r) => r.status, () => 0);
    } else if (round === 3) {
      this.downUntil = records.length;
      const starting = Date.now();
      await this.cluster.startNode(this.node);
      this.servingAgainMs = Date.now() - starting;
      this.downMs = Date.now() - this.killedAt;
    }
  }

  private async kill(): Promise<void> {
    this.inFlightAtKill = this.stack.thirdParty.inFlightRequests;
    this.downFrom = this.stack.sender.records.length;
    this.killedAt = Date.now();
    await this.cluster.killNode(this.node);
  }

  figures(): Record<string, string | number> {
    const records = this.stack.sender.records;
    const ends = this.roundEnds;
    return {
      'killed node': `${this.node} of ${this.cluster.nodeAddresses.length}`,
      'writes in flight at kill': this.inFlightAtKill,
      'events accepted/refused while down': eventsByOutcome(records.slice(this.downFrom, this.downUntil)),
      'by round (kill in 1, back before 4)': ends.map((end, i) => `${i}: ${eventsByOutcome(records.slice(ends[i - 1] ?? 0, end))}`).join('; '),
      'readyz while down': this.readyzWhileDown,
      'events accepted/refused once back': eventsByOutcome(records.slice(this.downUntil)),
      'down for': seconds(this.downMs),
      'node serving again after': seconds(this.servingAgainMs),
    };
  }

  problems(): string[] {
    const problems: string[] = [];
    if (this.killedAt === 0) problems.push(`node ${this.node} was never killed`);
    if (this.inFlightAtKill === 0) problems.push('no write was in flight when the node was killed');
    if (this.downUntil <= this.downFrom) problems.push('no request was answered while the node was down');
    return problems;
  }
}

/**
 * Runs the scenario: node `seed mod nodes` is killed while round 1 is being answered; rounds 2 (just after the kill)
 * and 3 (after {@link MIN_DOWN_MS}) are sent with it down; it is started again before round 4. Nothing accepted may be
 * lost; the events refused meanwhile are the final reconcile's to repair.
 */
export function runTemporalNodeKill(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const cluster = ctx.temporal?.cluster;
  if (!cluster) throw new Error('temporal-node-kill needs the cluster (--temporal cluster)');
  return withStack(ctx, { name: 'temporal-node-kill' }, async (stack) => {
    const worker = stack.startWorker();
    await worker.ready(90_000);
    // Slow writes, as in worker-kill: entity workflows are in the middle of activities when the node dies.
    stack.thirdParty.latencyMs = 300;
    const fault = new NodeKill(stack, cluster, ctx.seed % cluster.nodeAddresses.length);
    const burst = await runBurst(stack, { products: 30, models: 4, rounds: 4, after: (round) => fault.after(round) });
    stack.thirdParty.latencyMs = 0;
    const verdict = await judge(ctx.client, stack, { convergeTimeoutMs: 120_000 });
    return {
      figures: {
        changes: burst.changes,
        'requests ok/failed': `${burst.ok}/${burst.failed}${burst.failures ? ` (${burst.failures})` : ''}`,
        ...fault.figures(),
        ...verdict.figures,
      },
      problems: [...fault.problems(), ...verdict.problems],
    };
  });
}

/** The suite's Temporal-node-kill scenario: on the cluster only. */
export const temporalNodeKillScenario: Scenario = {
  name: 'temporal-node-kill',
  timeoutMs: 300_000,
  requires: TemporalKind.CLUSTER,
  run: runTemporalNodeKill,
};
