import assert from 'node:assert/strict';
import { noopMetricMeter, type MetricMeter, type MetricTags } from '@temporalio/common';
import { NotificationType, type SubscriptionNotification } from '../../src/domain/subscription-notification';
import { MetricName } from '../../src/metrics/names';
import { recordSubscriptionStatus } from '../../src/workflows/event-platform-subscription-metrics';
import {
  applySubscriptionInput,
  initialSubscriptionState,
  MAX_SUBSCRIPTION_HISTORY,
  UNKNOWN_STOP_LOOKBACK_MS,
  viewSubscription,
  type SubscriptionState,
} from '../../src/workflows/event-platform-subscription-state';
import { resumeReconcileWorkflowId } from '../../src/workflows/ids';

const SUB = '018e1ec5-29da-78ad-aae6-92065b9ca2a6';
const MARGIN = 5 * 60_000;
const NOW = '2026-04-29T13:00:00.000Z';
const at = (hhmmss: string): string => `2026-04-29T${hhmmss}.000Z`;
const minus = (iso: string, ms: number): string => new Date(Date.parse(iso) - ms).toISOString();

function note(type: NotificationType, timestamp: string, extra: Partial<SubscriptionNotification> = {}): SubscriptionNotification {
  return { type, timestamp, subscriptionId: SUB, receivedAt: timestamp, safetyMarginMs: MARGIN, ...extra };
}

function apply(state: SubscriptionState, ...notes: SubscriptionNotification[]): SubscriptionState {
  return notes.reduce((s, notification) => applySubscriptionInput(s, { kind: 'notification', notification }, NOW), state);
}

const started = (s: SubscriptionState, alreadyStarted = false): SubscriptionState =>
  applySubscriptionInput(s, { kind: 'reconcile-started', workflowId: s.pendingReconcile?.workflowId ?? '', alreadyStarted }, NOW);

const fresh = (): SubscriptionState => initialSubscriptionState(SUB);
const suspended = note(NotificationType.SUSPENDED_SYSTEM, at('12:00:00'), { reason: 'Success rate dropped below 90%', subscriberId: 'sub-1' });
const resumed = note(NotificationType.RESUMED, at('12:30:00'));

describe('subscription state reducer', () => {
  it('starts unknown, with nothing to report', () => {
    const s = fresh();
    assert.equal(s.status, 'unknown');
    assert.deepEqual(s.enteredAt, {});
    assert.equal(s.pendingReconcile, undefined);
  });

  it('records a suspension: status, when it stopped delivering, its reason, and an applied history entry', () => {
    const s = apply(fresh(), suspended);
    assert.equal(s.status, 'suspended');
    assert.equal(s.stoppedAt, at('12:00:00'));
    assert.equal(s.reason, 'Success rate dropped below 90%');
    assert.equal(s.subscriberId, 'sub-1');
    assert.deepEqual(s.enteredAt, { suspended: at('12:00:00') });
    assert.deepEqual(s.history, [
      { seq: 1, at: NOW, kind: 'applied', type: 'subscription.suspended.system', timestamp: at('12:00:00'), status: 'suspended', reason: 'Success rate dropped below 90%' },
    ]);
  });

  it('keeps the first stop time across further suspensions and a revocation', () => {
    const s = apply(fresh(), suspended, note(NotificationType.SUSPENDED_USER, at('12:10:00')), note(NotificationType.REVOKED, at('12:20:00')));
    assert.equal(s.status, 'revoked');
    assert.equal(s.stoppedAt, at('12:00:00'));
    assert.deepEqual(s.enteredAt, { suspended: at('12:10:00'), revoked: at('12:20:00') });
  });

  it('on a resume asks for a delta reconcile since the stop minus the margin, with an id from the subscription and the resume time', () => {
    const s = apply(fresh(), suspended, resumed);
    assert.equal(s.status, 'active');
    assert.equal(s.stoppedAt, undefined);
    assert.deepEqual(s.pendingReconcile, {
      workflowId: resumeReconcileWorkflowId(SUB, at('12:30:00')),
      since: minus(at('12:00:00'), MARGIN),
      resumedAt: at('12:30:00'),
      stoppedAt: at('12:00:00'),
    });
    assert.equal(s.pendingReconcile?.workflowId, `event-platform-resume-${SUB}-20260429T123000.000Z`);
    assert.deepEqual(s.enteredAt, { suspended: at('12:00:00'), active: at('12:30:00') });
    const last = s.history.at(-1);
    assert.deepEqual([last?.kind, last?.status, last?.workflowId, last?.since], ['applied', 'active', s.pendingReconcile?.workflowId, minus(at('12:00:00'), MARGIN)]);
  });

  it('once the reconcile is started, forgets it as pending and keeps it among the reconciles', () => {
    const s = started(apply(fresh(), suspended, resumed));
    assert.equal(s.pendingReconcile, undefined);
    assert.equal(s.reconciles.length, 1);
    assert.equal(s.reconciles[0].startedAt, NOW);
    assert.equal(s.history.at(-1)?.kind, 'reconcile-started');
    assert.equal(started(apply(fresh(), suspended, resumed), true).history.at(-1)?.kind, 'reconcile-already-started');
  });

  it('ignores a start report for another reconcile', () => {
    const s = apply(fresh(), suspended, resumed);
    assert.equal(applySubscriptionInput(s, { kind: 'reconcile-started', workflowId: 'other', alreadyStarted: false }, NOW), s);
  });

  it('records a retried notification (same type and timestamp) as a duplicate: no second reconcile', () => {
    const once = started(apply(fresh(), suspended, resumed));
    const twice = apply(once, resumed);
    assert.equal(twice.pendingReconcile, undefined);
    assert.equal(twice.history.at(-1)?.kind, 'ignored-duplicate');
    assert.equal(apply(twice, suspended).history.at(-1)?.kind, 'ignored-duplicate');
    assert.equal(apply(twice, suspended).status, 'active');
  });

  it('counts a flood of replayed notifications in one history entry, so the real entries stay', () => {
    const once = started(apply(fresh(), suspended, resumed));
    let s = once;
    for (let i = 0; i < MAX_SUBSCRIPTION_HISTORY * 2; i++) s = apply(s, i % 2 ? suspended : resumed);
    assert.deepEqual(s.history.map((e) => e.kind), ['applied', 'applied', 'reconcile-started', 'ignored-duplicate']);
    assert.equal(s.history.at(-1)?.count, MAX_SUBSCRIPTION_HISTORY * 2);
    assert.equal(s.history.at(-1)?.seq, once.seq + 1, 'the coalesced entry keeps its place');
    assert.equal(s.duplicatesIgnored, MAX_SUBSCRIPTION_HISTORY * 2);
    assert.equal(s.status, 'active');
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
    assert.equal(viewSubscription(s).duplicatesIgnored, MAX_SUBSCRIPTION_HISTORY * 2);
  });

  it('a resume rebuilt with a later timestamp while active asks for nothing', () => {
    const s = apply(started(apply(fresh(), suspended, resumed)), note(NotificationType.RESUMED, at('12:30:02')));
    assert.equal(s.pendingReconcile, undefined);
    assert.equal(s.history.at(-1)?.detail, 'already active: nothing to reconcile');
    assert.equal(s.enteredAt.active, at('12:30:00'), 'active since the first resume');
  });

  it('does not apply a notification older than the latest applied one (they can cross on the way)', () => {
    const s = apply(fresh(), resumed, suspended);
    assert.equal(s.status, 'active');
    assert.equal(s.history.at(-1)?.kind, 'ignored-outdated');
    assert.equal(s.enteredAt.suspended, undefined);
  });

  it('reconciles a day back when a resume comes without a known stop (its suspension notification was lost)', () => {
    const s = apply(fresh(), resumed);
    assert.equal(s.pendingReconcile?.since, minus(at('12:30:00'), UNKNOWN_STOP_LOOKBACK_MS + MARGIN));
    assert.equal(s.pendingReconcile?.stoppedAt, undefined);
    assert.match(s.history.at(-1)?.detail ?? '', /no stop seen/);
  });

  it('widens a reconcile not started yet when the subscription stops and resumes again', () => {
    const s = apply(fresh(), suspended, resumed, note(NotificationType.SUSPENDED_SYSTEM, at('12:40:00')), note(NotificationType.RESUMED, at('12:50:00')));
    assert.equal(s.pendingReconcile?.workflowId, resumeReconcileWorkflowId(SUB, at('12:50:00')));
    assert.equal(s.pendingReconcile?.since, minus(at('12:00:00'), MARGIN), 'the earlier stop still counts');
  });

  it('caps its history and keeps numbering; plain JSON that survives continue-as-new', () => {
    let s = fresh();
    for (let i = 0; i < MAX_SUBSCRIPTION_HISTORY + 10; i++) {
      const t = new Date(Date.parse(at('00:00:00')) + i * 60_000).toISOString();
      s = apply(s, note(i % 2 ? NotificationType.RESUMED : NotificationType.SUSPENDED_USER, t));
      if (s.pendingReconcile) s = started(s);
    }
    assert.equal(s.history.length, MAX_SUBSCRIPTION_HISTORY);
    assert.equal(s.history.at(-1)?.seq, s.seq);
    assert.ok(s.reconciles.length <= 10);
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
    assert.equal('seq' in viewSubscription(s), false);
  });

  it('returns new objects and leaves its input untouched', () => {
    const before = apply(fresh(), suspended);
    const copy = JSON.parse(JSON.stringify(before)) as SubscriptionState;
    apply(before, resumed);
    assert.deepEqual(before, copy);
  });
});

describe('subscription status metric', () => {
  it('sets, per status it has been in, when the subscription last entered it, and its heartbeat (epoch seconds)', () => {
    const sets: Array<{ name: string; value: number; tags?: MetricTags }> = [];
    const meter: MetricMeter = {
      createCounter: (name) => noopMetricMeter.createCounter(name),
      createHistogram: (name) => noopMetricMeter.createHistogram(name),
      createGauge: (name) => ({ ...noopMetricMeter.createGauge(name), set: (value, tags) => void sets.push({ name, value, tags }) }),
      withTags: () => meter,
    };
    const heartbeat = { name: MetricName.EVENT_PLATFORM_SUBSCRIPTION_HEARTBEAT, value: Date.parse(NOW) / 1000, tags: { subscription_id: SUB } };
    recordSubscriptionStatus(meter, fresh(), Date.parse(NOW) + 999);
    assert.deepEqual(sets, [heartbeat]);
    sets.length = 0;
    recordSubscriptionStatus(meter, apply(fresh(), suspended, resumed), Date.parse(NOW));
    assert.deepEqual(sets, [
      { name: MetricName.EVENT_PLATFORM_SUBSCRIPTION, value: Date.parse(at('12:00:00')) / 1000, tags: { subscription_id: SUB, status: 'suspended' } },
      { name: MetricName.EVENT_PLATFORM_SUBSCRIPTION, value: Date.parse(at('12:30:00')) / 1000, tags: { subscription_id: SUB, status: 'active' } },
      heartbeat,
    ]);
  });
});
