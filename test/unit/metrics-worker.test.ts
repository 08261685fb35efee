import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { noopMetricMeter, TypedSearchAttributes, type MetricMeter, type MetricTags } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { parse } from 'yaml';
import { toDestinationFailure, toPimFailure } from '../../src/activities/failure-mapping';
import { PimHttpError } from '../../src/akeneo/rest-client';
import { DestinationHttpError } from '../../src/destination/http-destination';
import { MetricName } from '../../src/metrics/names';
import { toSdkLogger, workerRuntimeOptions } from '../../src/metrics/worker-runtime';
import { SEARCH_ATTRIBUTES, SearchAttr, searchAttributeChanges } from '../../src/workflows/search-attributes';

const ALERTS = path.resolve(__dirname, '../../deploy/alerts.yml');

/** A meter that records every counter increment as `name{tags} value`. */
function recordingMeter(): { meter: MetricMeter; adds: Array<{ name: string; value: number; tags?: MetricTags }> } {
  const adds: Array<{ name: string; value: number; tags?: MetricTags }> = [];
  const meter: MetricMeter = {
    createCounter: (name) => ({ ...noopMetricMeter.createCounter(name), add: (value, tags) => void adds.push({ name, value, tags }) }),
    createHistogram: (name) => noopMetricMeter.createHistogram(name),
    createGauge: (name) => noopMetricMeter.createGauge(name),
    withTags: () => meter,
  };
  return { meter, adds };
}

describe('worker runtime options', () => {
  it('binds the Prometheus endpoint to the metrics port with the SDK default prefix', () => {
    const o = workerRuntimeOptions({ metricsPort: 9464 });
    assert.deepEqual(o.telemetryOptions?.metrics, { prometheus: { bindAddress: '0.0.0.0:9464' } });
    assert.equal(o.logger, undefined);
    assert.equal(workerRuntimeOptions({ metricsPort: 1234, metricsHost: '127.0.0.1' }).telemetryOptions?.metrics?.metricPrefix, undefined);
  });

  it('turns metrics off on port 0', () => {
    assert.equal(workerRuntimeOptions({ metricsPort: 0 }).telemetryOptions?.metrics, undefined);
  });

  it('forwards the SDK and Core logs to the given pino logger, metadata first', () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) });
    const logger = pino({ level: 'debug' }, sink);
    const o = workerRuntimeOptions({ metricsPort: 0, logger });
    assert.deepEqual(o.telemetryOptions?.logging, { filter: { core: 'WARN', other: 'ERROR' }, forward: {} });
    o.logger?.warn('activity failed', { activityType: 'fetchEntity' });
    toSdkLogger(logger).log('DEBUG', 'polling', { taskQueue: 'q' });
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg, l.activityType ?? l.taskQueue]),
      [
        [40, 'activity failed', 'fetchEntity'],
        [20, 'polling', 'q'],
      ],
    );
  });
});

describe('entity search attributes', () => {
  const ref = { kind: 'product', id: '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b' } as const;

  it('registers ProductUuid, ProductModelCode, ProductIdentifier, SyncStatus (Keyword) and LastSyncedAt (Datetime)', () => {
    assert.deepEqual(
      SEARCH_ATTRIBUTES.map((k) => `${k.name}:${k.type}`),
      ['ProductUuid:KEYWORD', 'ProductModelCode:KEYWORD', 'ProductIdentifier:KEYWORD', 'SyncStatus:KEYWORD', 'LastSyncedAt:DATETIME'],
    );
  });

  it('sets every known attribute on a workflow that has none', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const changes = searchAttributeChanges(new TypedSearchAttributes(), { ref, identifier: 'SKU-1', status: 'synced', lastSyncedAt: at });
    assert.deepEqual(
      changes.map((c) => [c.key.name, c.value]),
      [
        ['ProductUuid', ref.id],
        ['SyncStatus', 'synced'],
        ['ProductIdentifier', 'SKU-1'],
        ['LastSyncedAt', at],
      ],
    );
  });

  it('upserts only what changed (none when nothing did) and uses ProductModelCode for models', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const current = new TypedSearchAttributes([
      { key: SearchAttr.PRODUCT_UUID, value: ref.id },
      { key: SearchAttr.SYNC_STATUS, value: 'synced' },
      { key: SearchAttr.LAST_SYNCED_AT, value: new Date(at.getTime()) },
    ]);
    assert.deepEqual(searchAttributeChanges(current, { ref, status: 'synced', lastSyncedAt: at }), []);
    assert.deepEqual(
      searchAttributeChanges(current, { ref, status: 'failed', lastSyncedAt: at }).map((c) => [c.key.name, c.value]),
      [['SyncStatus', 'failed']],
    );
    const model = searchAttributeChanges(new TypedSearchAttributes(), { ref: { kind: 'product-model', id: 'tshirt' }, status: 'pending' });
    assert.deepEqual(
      model.map((c) => [c.key.name, c.value]),
      [
        ['ProductModelCode', 'tshirt'],
        ['SyncStatus', 'pending'],
      ],
    );
  });
});

describe('PIM rate-limit counter', () => {
  it('counts a PIM 429 on the activity meter, and nothing else', async () => {
    const { meter, adds } = recordingMeter();
    const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR'), metricMeter: meter });
    await env.run(async () => {
      toPimFailure(new PimHttpError(429, 'slow down', 3));
      toPimFailure(new PimHttpError(503, 'down'));
      toDestinationFailure(new DestinationHttpError(429, 'slow down', 3));
      return Promise.resolve();
    });
    assert.deepEqual(adds.map((a) => [a.name, a.value]), [[MetricName.PIM_RATE_LIMITED, 1]]);
  });

  it('maps a 429 outside an activity without failing (no meter there)', () => {
    assert.ok(toPimFailure(new PimHttpError(429, 'slow down')) instanceof Error);
  });
});

interface AlertRule {
  alert: string;
  expr: string;
  labels: { severity: string };
  annotations: { summary: string };
}

describe('deploy/alerts.yml', () => {
  const rules = (parse(readFileSync(ALERTS, 'utf8')) as { groups: Array<{ rules: AlertRule[] }> }).groups.flatMap((g) => g.rules);
  const exported = new Set<string>(Object.values(MetricName).flatMap((n) => [n, `${n}_bucket`, `${n}_count`, `${n}_sum`]));

  it('has the expected alerts, each with a severity and a summary', () => {
    for (const name of ['FailureRateHigh', 'WebhookRejected', 'WebhookUnavailable', 'AckSlow', 'PimRateLimited', 'ReconcileStale', 'WorkerDown', 'EventPlatformSubscriptionSuspended', 'MassDeleteRefused']) {
      assert.ok(rules.some((r) => r.alert === `AkeneoSync${name}`), `missing AkeneoSync${name}`);
    }
    for (const r of rules) {
      assert.ok(['warning', 'critical'].includes(r.labels.severity), `${r.alert} severity`);
      assert.ok(r.annotations.summary, `${r.alert} summary`);
    }
  });

  it('only uses metric names the code exports', () => {
    const used = new Set(rules.flatMap((r) => r.expr.match(/\bakeneo_sync_[a-z_]+/g) ?? []));
    assert.ok(used.size >= 5);
    for (const name of used) assert.ok(exported.has(name), `${name} is not exported by the code`);
    for (const name of [MetricName.SYNCS, MetricName.EVENTS_RECEIVED, MetricName.PIM_RATE_LIMITED, MetricName.RECONCILE_LAST_SUCCESS, MetricName.EVENT_PLATFORM_SUBSCRIPTION, MetricName.RECONCILE_MASS_DELETE_REFUSED]) {
      assert.ok(used.has(name), `${name} has no alert`);
    }
    assert.ok(used.has(`${MetricName.ACK_SECONDS}_bucket`));
  });
});
