import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { deployedWorkerNodeOptions } from '../../bench/options';
import { buildWorkflowBundle, DEFAULT_BUNDLE_PATH } from '../../scripts/build-workflow-bundle';
import { ConfigError, loadApiConfig, loadWorkerConfig, PLACEHOLDER_PREFIX } from '../../src/config';
import { MetricName } from '../../src/metrics/names';
import { SUBSCRIPTION_HEARTBEAT_MS } from '../../src/workflows/event-platform-subscription-definitions';
import { SubscriptionStatus } from '../../src/workflows/event-platform-subscription-state';
import { SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import {
  container,
  containerEnv,
  deployedImages,
  dockerfileBase,
  exampleEnv,
  interpolate,
  interpolatedVariables,
  K8S,
  keysRead,
  manifest,
  manifests,
  parseImage,
  publishedPorts,
  read,
  ROOT,
  service,
  services,
  type Container,
  type Env,
} from '../helpers/deploy-files';

const SA_SCRIPT = 'deploy/temporal/register-search-attributes.sh';
const configMapEnv = (): Env => manifest('ConfigMap', 'akeneo-sync-config').data ?? {};
const apiSecretEnv = (): Env => manifest('Secret', 'akeneo-sync-api-secrets').stringData ?? {};
const workerSecretEnv = (): Env => manifest('Secret', 'akeneo-sync-worker-secrets').stringData ?? {};
const kustomization = parse(read(`${K8S}/kustomization.yaml`)) as { resources: string[]; images: Array<{ name: string; newName: string; newTag: string }> };

/** Services of ours (built from the Dockerfile), as opposed to Temporal's and PostgreSQL's. */
const appServices = Object.entries(services).filter(([, s]) => s.build === '.');
const APP_IMAGE = service('worker').image ?? '';

/** Keys `src/config.ts` parses, read from its zod shapes. */
const configKeys = new Set([...read('src/config.ts').matchAll(/^\s+([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]));
/** Keys `.env.example` documents, set or commented out. */
const documentedKeys = new Set([...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
/** `.env.example` with the values a real deployment must fill in: compose's `.env`. */
const filledEnv: Env = {
  ...exampleEnv,
  AKENEO_EVENTS_SECRET: 'secret-of-32-random-bytes-in-base-36',
  AKENEO_BASE_URL: 'https://pim.example.com',
  AKENEO_CLIENT_ID: 'id',
  AKENEO_CLIENT_SECRET: 'secret',
  AKENEO_USERNAME: 'user',
  AKENEO_PASSWORD: 'password',
  DESTINATION_URL: 'https://shop.example.com',
  TEMPORAL_DB_PASSWORD: 'temporal-db-password',
  DESTINATION_DB_PASSWORD: 'destination-db-password',
};

/** The API's secrets: the webhooks' signing secrets. */
const WEBHOOK_SECRETS = ['AKENEO_EVENTS_SECRET', 'AKENEO_EVENT_PLATFORM_SECRET', 'AKENEO_EVENT_PLATFORM_SECRET_SECONDARY', 'AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET'];
/** The worker's secrets: the PIM connection's and the third party's credentials. */
const WORKER_SECRETS = ['AKENEO_CLIENT_ID', 'AKENEO_CLIENT_SECRET', 'AKENEO_USERNAME', 'AKENEO_PASSWORD', 'DESTINATION_TOKEN', 'DATABASE_URL'];

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string; description: string };
}

function durationMs(value: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(value);
  assert.ok(m, `duration ${value}`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

describe('deployment files', () => {
  const api = service('api');
  const worker = service('worker');
  const workerPg = service('worker-postgres');

  it('compose has Temporal, its Web UI, the worker and the API, the last two built from the Dockerfile', () => {
    for (const name of ['postgresql', 'temporal', 'temporal-ui', 'temporal-setup', 'worker', 'api']) service(name);
    assert.deepEqual(appServices.map(([name]) => name).sort(), ['api', 'worker', 'worker-postgres']);
    for (const [name, s] of appServices) {
      assert.equal(s.image, APP_IMAGE, `${name} image`);
      assert.equal(s.environment?.TEMPORAL_ADDRESS, 'temporal:7233', `${name} TEMPORAL_ADDRESS`);
    }
    assert.deepEqual(api.command, ['node', 'dist/api/main.js']);
    assert.equal(workerPg.environment?.DESTINATION, 'postgres');
    assert.deepEqual(workerPg.profiles, ['postgres-destination']);
  });

  it('compose publishes the API on PORT 3000, the Web UI on 8080 and the worker metrics on METRICS_PORT', () => {
    const { port } = loadApiConfig(containerEnv(api, filledEnv));
    assert.equal(port, 3000);
    assert.ok(publishedPorts(api, filledEnv).some((p) => p.published === port && p.target === port));
    assert.match(api.healthcheck?.test.join(' ') ?? '', new RegExp(`127\\.0\\.0\\.1:${port}/readyz`));
    assert.ok(publishedPorts(service('temporal-ui'), filledEnv).some((p) => p.published === 8080 && p.target === 8080));
    for (const s of [worker, workerPg]) {
      const config = loadWorkerConfig(containerEnv(s, filledEnv));
      assert.equal(config.metricsPort, 9464);
      assert.ok(publishedPorts(s, filledEnv).some((p) => p.target === config.metricsPort && p.published === undefined), 'metrics port published on a free port');
      assert.match(s.healthcheck?.test.join(' ') ?? '', new RegExp(`:${config.metricsPort}/metrics`));
      assert.ok(durationMs(s.stop_grace_period ?? '0s') > 2 * config.shutdownGraceMs, 'stop_grace_period > 2 × SHUTDOWN_GRACE_TIME (PIM drain, then the rest)');
    }
    assert.equal(loadWorkerConfig(containerEnv(workerPg, filledEnv)).destination.kind, 'postgres');
  });

  it('compose publishes nothing beyond the host\'s loopback unless API_PUBLISH_ADDRESS says so; the databases not at all', () => {
    const published = Object.entries(services).flatMap(([name, s]) => publishedPorts(s, filledEnv).map((p) => ({ name, ...p })));
    assert.deepEqual(published.map((p) => p.name).sort(), ['api', 'temporal', 'temporal-ui', 'worker', 'worker-postgres']);
    for (const p of published) assert.equal(p.hostIp, '127.0.0.1', `${p.name} ${p.target} bound to loopback`);
    assert.deepEqual(publishedPorts(service('temporal'), filledEnv), [{ hostIp: '127.0.0.1', published: 7233, target: 7233 }]);
    assert.equal(exampleEnv.API_PUBLISH_ADDRESS, '127.0.0.1');
    const withoutSetting = { ...filledEnv, API_PUBLISH_ADDRESS: '' };
    assert.equal(publishedPorts(api, withoutSetting)[0].hostIp, '127.0.0.1', 'loopback by default');
    assert.equal(publishedPorts(api, { ...filledEnv, API_PUBLISH_ADDRESS: '0.0.0.0' })[0].hostIp, '0.0.0.0');
  });

  it('compose takes every password from .env, and refuses to start without the Temporal database\'s', () => {
    const text = read('docker-compose.yml');
    assert.doesNotMatch(text, /PASSWORD: (?!\$\{)|POSTGRES_PWD: (?!\$\{)|:\/\/[^:/\s]+:(?!\$\{)[^@\s]+@/, 'no literal password or password in a URL');
    const vars = interpolatedVariables(text);
    for (const key of ['TEMPORAL_DB_PASSWORD', 'DESTINATION_DB_PASSWORD', 'API_PUBLISH_ADDRESS']) assert.ok(vars.has(key), key);
    for (const key of vars.keys()) assert.ok(documentedKeys.has(key), `${key} (docker-compose.yml) is not documented in .env.example`);
    assert.deepEqual([...vars].filter(([, v]) => v.required).map(([k]) => k), ['TEMPORAL_DB_PASSWORD']);
    const password = (name: string, key: string): string => interpolate(String(service(name).environment?.[key]), filledEnv);
    for (const [name, key] of [['postgresql', 'POSTGRES_PASSWORD'], ['temporal-schema', 'SQL_PASSWORD'], ['temporal', 'POSTGRES_PWD']]) {
      assert.equal(password(name, key), 'temporal-db-password', `${name} ${key}`);
      assert.throws(() => interpolate(String(service(name).environment?.[key]), { ...filledEnv, TEMPORAL_DB_PASSWORD: '' }), /TEMPORAL_DB_PASSWORD/);
    }
    assert.equal(password('destination-db', 'POSTGRES_PASSWORD'), 'destination-db-password');
    assert.equal(containerEnv(workerPg, filledEnv).DATABASE_URL, 'postgres://akeneo_sync:destination-db-password@destination-db:5432/akeneo_sync');
    assert.equal(exampleEnv.TEMPORAL_DB_PASSWORD, '', '.env.example ships no password');
    assert.equal(exampleEnv.DESTINATION_DB_PASSWORD, '', '.env.example ships no password');
  });

  it('compose gives the API and the workers exactly the keys each one reads: no PIM or third-party credential in the API, no webhook secret in a worker', () => {
    const apiKeys = keysRead(loadApiConfig);
    const workerKeys = keysRead(loadWorkerConfig);
    for (const [name, s] of appServices) {
      assert.equal(s.env_file, undefined, `${name}: no env_file (it would pass every key of .env)`);
      const given = new Set(Object.keys(s.environment ?? {}));
      given.delete('NODE_OPTIONS');
      assert.deepEqual([...given].sort(), [...(name === 'api' ? apiKeys : workerKeys)].sort(), `${name} gets the keys its config reads`);
    }
    for (const key of WORKER_SECRETS) assert.ok(!(key in containerEnv(api, filledEnv)) && !apiKeys.has(key), `the API never gets ${key}`);
    for (const [name, s] of [['worker', worker], ['worker-postgres', workerPg]] as const) {
      for (const key of WEBHOOK_SECRETS) assert.ok(!(key in containerEnv(s, filledEnv)), `${name} never gets ${key}`);
    }
    // Each gets its secrets from .env; a key missing there stays unset (its default applies).
    assert.equal(containerEnv(api, filledEnv).AKENEO_EVENTS_SECRET, filledEnv.AKENEO_EVENTS_SECRET);
    assert.equal(containerEnv(worker, filledEnv).AKENEO_PASSWORD, 'password');
    assert.ok(!('AKENEO_EVENTS_SECRET' in containerEnv(api, {})));
  });

  it('every k8s manifest parses and has apiVersion, kind and a name; kustomization lists all but the examples', () => {
    assert.ok(manifests.length >= 8);
    for (const m of manifests) {
      assert.ok(m.apiVersion && m.kind && m.metadata?.name, `${m.file}: apiVersion, kind, metadata.name`);
      assert.equal(m.metadata.namespace, undefined, `${m.file}: namespace-less`);
    }
    const files = [...new Set(manifests.map((m) => m.file))].filter((f) => !f.endsWith('.example.yaml') && f !== 'ingress.yaml');
    assert.deepEqual([...kustomization.resources].sort(), files.sort());
  });

  it('uses only env keys that src/config.ts reads and .env.example documents', () => {
    const used = new Map<string, string[]>();
    const add = (where: string, keys: string[]): void => keys.forEach((k) => used.set(k, [...(used.get(k) ?? []), where]));
    for (const [name, s] of appServices) add(`compose ${name}`, Object.keys(s.environment ?? {}));
    add('ConfigMap', Object.keys(configMapEnv()));
    add('API Secret', Object.keys(apiSecretEnv()));
    add('worker Secret', Object.keys(workerSecretEnv()));
    for (const m of manifests.filter((x) => x.kind === 'Deployment' || x.kind === 'Job')) {
      for (const c of m.spec.template.spec.containers) add(m.metadata?.name ?? m.file, (c.env ?? []).map((e) => e.name));
    }
    assert.ok(used.size > 10);
    // Node's own runtime flags, not a key of the app's config.
    used.delete('NODE_OPTIONS');
    for (const [key, where] of used) {
      assert.ok(configKeys.has(key), `${key} (${where.join(', ')}) is not read by src/config.ts`);
      assert.ok(documentedKeys.has(key), `${key} (${where.join(', ')}) is not documented in .env.example`);
    }
  });

  it('k8s: one Secret per process, each Deployment referencing only its own, each Secret holding only keys its process reads', () => {
    const secretsOf = (c: Container): string[] => [
      ...(c.envFrom ?? []).flatMap((e) => (e.secretRef ? [e.secretRef.name] : [])),
      ...(c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : [])),
    ];
    assert.deepEqual(secretsOf(container('akeneo-sync-api')), ['akeneo-sync-api-secrets']);
    assert.deepEqual(secretsOf(container('akeneo-sync-worker')), ['akeneo-sync-worker-secrets']);
    assert.deepEqual(secretsOf(manifest('Job', 'akeneo-sync-search-attributes').spec.template.spec.containers[0]), []);
    const apiKeys = keysRead(loadApiConfig);
    const workerKeys = keysRead(loadWorkerConfig);
    for (const key of Object.keys(apiSecretEnv())) assert.ok(apiKeys.has(key), `the API Secret holds ${key}, which the API does not read`);
    for (const key of Object.keys(workerSecretEnv())) assert.ok(workerKeys.has(key), `the worker Secret holds ${key}, which the worker does not read`);
    for (const key of [...WEBHOOK_SECRETS, 'TEMPORAL_API_KEY']) assert.ok(key in apiSecretEnv(), `${key} in the API Secret`);
    for (const key of [...WORKER_SECRETS, 'TEMPORAL_API_KEY']) assert.ok(key in workerSecretEnv(), `${key} in the worker Secret`);
    for (const key of [...WEBHOOK_SECRETS, ...WORKER_SECRETS, 'TEMPORAL_API_KEY']) assert.ok(!(key in configMapEnv()), `${key} is not in the ConfigMap`);
  });

  it('the k8s ConfigMap and each example Secret make a valid API and worker configuration, once the API\'s placeholder secrets are replaced', () => {
    const config = loadWorkerConfig({ ...configMapEnv(), ...workerSecretEnv() });
    // Applied as is, the example's webhook secrets and operator token (public, in this repository) stop the API.
    const placeholders = Object.entries(apiSecretEnv()).filter(([, v]) => v.startsWith(PLACEHOLDER_PREFIX)).map(([k]) => k);
    assert.deepEqual(placeholders.sort(), [...WEBHOOK_SECRETS.filter((k) => !k.endsWith('_SECONDARY')), 'API_OPERATOR_TOKEN'].sort());
    assert.throws(
      () => loadApiConfig({ ...configMapEnv(), ...apiSecretEnv() }),
      (err) => err instanceof ConfigError && [...err.keys].sort().join() === [...placeholders].sort().join(),
    );
    const replaced = Object.fromEntries(Object.entries(apiSecretEnv()).map(([k, v]) => [k, placeholders.includes(k) ? `${k.toLowerCase()}-generated-0123456789` : v]));
    assert.equal(container('akeneo-sync-api').ports[0].containerPort, loadApiConfig({ ...configMapEnv(), ...replaced }).port);
    assert.equal(container('akeneo-sync-worker').ports[0].containerPort, config.metricsPort);
    const grace = manifest('Deployment', 'akeneo-sync-worker').spec.template.spec.terminationGracePeriodSeconds ?? 30;
    assert.ok(grace * 1000 > 2 * config.shutdownGraceMs, 'worker terminationGracePeriodSeconds > 2 × SHUTDOWN_GRACE_TIME (PIM drain, then the rest)');
  });

  it('runs the worker with the same bounded heap in k8s, compose and the benchmark', () => {
    const k8s = (container('akeneo-sync-worker').env ?? []).find((e) => e.name === 'NODE_OPTIONS')?.value;
    assert.match(k8s ?? '', /^--max-old-space-size=\d+$/);
    for (const s of [worker, workerPg]) assert.equal(s.environment?.NODE_OPTIONS, k8s);
    assert.equal(deployedWorkerNodeOptions(), k8s);
  });

  it('k8s probes: API readiness /readyz and liveness /healthz, worker on its metrics port, Service 80 → 3000', () => {
    const apiC = container('akeneo-sync-api');
    assert.deepEqual(apiC.args, api.command);
    assert.deepEqual(apiC.readinessProbe.httpGet, { path: '/readyz', port: 'http' });
    assert.deepEqual(apiC.livenessProbe.httpGet, { path: '/healthz', port: 'http' });
    assert.equal(apiC.ports[0].name, 'http');
    const workerC = container('akeneo-sync-worker');
    assert.equal(workerC.ports[0].name, 'metrics');
    assert.deepEqual(workerC.readinessProbe.tcpSocket, { port: 'metrics' });
    assert.deepEqual(workerC.livenessProbe.tcpSocket, { port: 'metrics' });
    for (const [name, c] of [['akeneo-sync-api', apiC], ['akeneo-sync-worker', workerC]] as const) {
      const d = manifest('Deployment', name);
      assert.equal(d.spec.replicas, 2, `${name} replicas`);
      assert.ok(c.resources.requests && c.resources.limits, `${name} resources`);
      assert.equal(d.spec.template.metadata.annotations?.['prometheus.io/port'], String(c.ports[0].containerPort), `${name} scrape port`);
      assert.deepEqual(d.spec.selector.matchLabels, d.spec.template.metadata.labels, `${name} selector`);
    }
    const svc = manifest('Service', 'akeneo-sync-api');
    assert.deepEqual(svc.spec.ports[0], { name: 'http', port: 80, targetPort: 'http' });
    assert.deepEqual(svc.spec.selector, manifest('Deployment', 'akeneo-sync-api').spec.selector.matchLabels);
    assert.deepEqual(manifest('Ingress', 'akeneo-sync-webhooks').spec.rules[0].http.paths.map((p) => p.path), ['/akeneo']);
  });

  it('uses the same images in compose and k8s; ours tagged with package.json\'s version', () => {
    const { version } = JSON.parse(read('package.json')) as { version: string };
    assert.equal(APP_IMAGE, `akeneo-sync:${version}`);
    assert.equal(container('akeneo-sync-worker').image, APP_IMAGE);
    assert.equal(container('akeneo-sync-api').image, APP_IMAGE);
    assert.deepEqual(kustomization.images[0], { name: 'akeneo-sync', newName: kustomization.images[0].newName, newTag: version });
    const job = manifest('Job', 'akeneo-sync-search-attributes').spec.template.spec.containers[0];
    assert.equal(job.image, service('temporal-setup').image);
    assert.match(job.image, /^temporalio\/admin-tools:\d+\.\d+\.\d+/);
  });

  it('pins every image to an exact version, never latest, and every third-party one by digest but Temporal\'s server and admin-tools (none recorded yet)', () => {
    const images = deployedImages();
    assert.ok(images.length >= 10);
    for (const { where, image } of images) {
      const { name, tag, digest } = parseImage(image);
      assert.ok(name && tag, `${where}: ${image} has a tag`);
      assert.match(tag, /^\d+\.\d+(\.\d+)?([.-][\w.-]+)?$/, `${where}: ${image} is pinned to an exact version (major.minor at least)`);
      if (digest !== undefined) assert.match(digest, /^sha256:[0-9a-f]{64}$/, `${where}: ${image} digest`);
    }
    assert.ok(parseImage(dockerfileBase(read('Dockerfile')).image).digest, 'the Dockerfile\'s base is pinned by digest');
    // Every third-party image by digest, but the ones with no digest recorded yet (the README, Docker Compose, says
    // so; scripts/pin-image-digests.sh writes theirs in): a new image cannot come in unpinned, and once one of these
    // is pinned, taking it off the list keeps it so.
    const awaitingDigest = new Set(['temporalio/server', 'temporalio/admin-tools']);
    const thirdParty = images.filter((i) => !i.image.startsWith('akeneo-sync:'));
    for (const { where, image } of thirdParty) {
      const { name, digest } = parseImage(image);
      if (!awaitingDigest.has(name)) assert.ok(digest, `${where}: ${image} pinned by digest`);
    }
    for (const name of ['node', 'postgres', 'temporalio/ui']) assert.ok(thirdParty.some((i) => parseImage(i.image).name === name), name);
    const texts = ['Dockerfile', 'docker-compose.yml', ...manifests.map((m) => `${K8S}/${m.file}`), `${K8S}/kustomization.yaml`].map(read);
    for (const text of texts) assert.doesNotMatch(text, /:latest\b|newTag: *"?latest/, 'no latest tag');
    // The maintainer's tool that writes the digests in finds every reference the test checks.
    const script = read('scripts/pin-image-digests.sh');
    const pattern = new RegExp(/^reference='(.+)'$/m.exec(script)?.[1] ?? '^$');
    for (const { where, image } of thirdParty) assert.match(image, pattern, `${where}: pin-image-digests.sh handles ${image}`);
  });

  it('builds, for the cluster test bed, the same Temporal server version compose runs and admin-tools carries', () => {
    const built = /^\s*go\.temporal\.io\/server (v[\d.]+)/m.exec(read('tools/temporal-server/go.mod'))?.[1];
    assert.equal(built, `v${parseImage(service('temporal').image ?? '').tag}`);
    assert.ok((service('temporal-schema').image ?? '').startsWith(`temporalio/admin-tools:${built?.slice(1)}-`));
    assert.match(read('tools/temporal-server/go.mod'), /^tool \(\n\tgo\.temporal\.io\/server\/cmd\/server\n\tgo\.temporal\.io\/server\/cmd\/tools\/sql\n\)/m);
  });

  it('lets the schema script run outside the admin-tools image: schema folder and readiness check from the environment, the image\'s by default', () => {
    const script = read('deploy/temporal/setup-postgres.sh');
    assert.match(script, /^SCHEMA_DIR="\$\{SCHEMA_DIR:-\/etc\/temporal\/schema\/postgresql\/v12\}"$/m);
    assert.match(script, /DB_READY_COMMAND/);
    assert.match(script, /nc -z -w 5 "\$POSTGRES_SEEDS" "\$PORT"/);
  });

  it('registers exactly the search attributes the workflows define, in compose and in k8s', () => {
    const script = read(SA_SCRIPT);
    const pairs = /^SEARCH_ATTRIBUTES="([^"]+)"$/m.exec(script)?.[1]?.split(' ') ?? [];
    const cliType = (t: string): string => t.toLowerCase().replace(/(^|_)(\w)/g, (_m, _s, c: string) => c.toUpperCase());
    const expected = SEARCH_ATTRIBUTES.map((k) => `${k.name}=${cliType(k.type)}`);
    assert.deepEqual([...pairs].sort(), [...expected].sort());
    assert.ok(expected.includes('LastSyncedAt=Datetime') && expected.includes('ProductUuid=Keyword'));
    const setup = service('temporal-setup');
    assert.ok(setup.volumes?.includes('./deploy/temporal:/deploy:ro'));
    assert.deepEqual(setup.command, [`/deploy/${path.basename(SA_SCRIPT)}`]);
    assert.equal(manifest('ConfigMap', 'akeneo-sync-temporal-setup').data?.[path.basename(SA_SCRIPT)], script);
  });

  it('the Dockerfile builds the app and the workflow bundle, and runs the worker as node under tini', () => {
    const dockerfile = read('Dockerfile');
    const { image, froms } = dockerfileBase(dockerfile);
    assert.ok(froms.length >= 2 && froms.every((f) => f === '${NODE_IMAGE}'), 'every stage on the one NODE_IMAGE');
    // A Node line with security fixes: 24 (LTS to 2028-04) or 22 (to 2027-04); 20 ended on 2026-04-30.
    const { name, tag } = parseImage(image);
    assert.equal(name, 'node');
    assert.match(tag ?? '', /^(22|24)\.\d+\.\d+-bookworm-slim$/, `${image}: a supported Node LTS, exact version`);
    const { engines } = JSON.parse(read('package.json')) as { engines: { node: string } };
    assert.equal(engines.node, '>=20.19', 'development machines on Node 20 still work');
    const lines = ['npm ci --no-audit', 'npm run build', `scripts/build-workflow-bundle.ts ${DEFAULT_BUNDLE_PATH}`, 'npm ci --omit=dev'];
    lines.push('ENV NODE_ENV=production', 'USER node', 'ENTRYPOINT ["/usr/bin/tini", "--"]', 'CMD ["node", "dist/worker.js"]');
    for (const line of lines) assert.ok(dockerfile.includes(line), `Dockerfile: ${line}`);
    assert.ok(existsSync(path.join(ROOT, 'src/worker.ts')) && existsSync(path.join(ROOT, 'src/api/main.ts')));
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', '.env', 'dist', '.git']) assert.ok(ignored.includes(entry), `.dockerignore: ${entry}`);
    for (const kept of ['src', 'scripts', 'package.json', 'package-lock.json']) assert.ok(!ignored.includes(kept), `.dockerignore keeps ${kept}`);
  });

  it('alerts on a suspended or revoked Event Platform subscription, telling the operator what to do', () => {
    const rules = (parse(read('deploy/alerts.yml')) as { groups: Array<{ rules: AlertRule[] }> }).groups.flatMap((g) => g.rules);
    const rule = rules.find((r) => r.alert === 'AkeneoSyncEventPlatformSubscriptionSuspended');
    assert.ok(rule, 'AkeneoSyncEventPlatformSubscriptionSuspended');
    assert.equal(rule.labels.severity, 'critical');
    assert.ok(rule.expr.includes(MetricName.EVENT_PLATFORM_SUBSCRIPTION));
    assert.ok(rule.expr.includes(MetricName.EVENT_PLATFORM_SUBSCRIPTION_HEARTBEAT), 'ignores subscriptions whose workflow is gone');
    // The label values it compares are the statuses the workflow reports.
    const statuses = [...rule.expr.matchAll(/status=~?"([^"]+)"/g)].flatMap((m) => m[1].split('|')).sort();
    const reported = Object.values(SubscriptionStatus).filter((v) => v !== SubscriptionStatus.UNKNOWN).sort();
    assert.deepEqual([...new Set(statuses)], reported);
    // Long enough for a heartbeat to set the metric again after a worker restart.
    assert.ok(durationMs(rule.for ?? '0s') >= 2 * SUBSCRIPTION_HEARTBEAT_MS, `for: ${rule.for}`);
    for (const hint of ['npm run cli -- event-platform status', '/resume', 'event-platform-subscription-<id>', 'delta reconcile', 'terminate']) {
      assert.ok(rule.annotations.description.includes(hint), `description mentions ${hint}`);
    }
  });

  it('builds a workflow bundle holding both workflows', async function () {
    this.timeout(120_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'workflow-bundle-'));
    try {
      const bundle = await buildWorkflowBundle(path.join(dir, 'workflow-bundle.js'));
      const code = readFileSync(bundle.path, 'utf8');
      assert.ok(bundle.bytes > 10_000);
      assert.match(code, /productSyncWorkflow/);
      assert.match(code, /reconcileWorkflow/);
      assert.match(code, /eventPlatformSubscriptionWorkflow/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
