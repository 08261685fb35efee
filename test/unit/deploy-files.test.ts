import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { deployedWorkerNodeOptions } from '../../bench/options';
import { buildWorkflowBundle, DEFAULT_BUNDLE_PATH } from '../../scripts/build-workflow-bundle';
import { loadApiConfig, loadWorkerConfig } from '../../src/config';
import { MetricName } from '../../src/metrics/names';
import { SUBSCRIPTION_HEARTBEAT_MS } from '../../src/workflows/event-platform-subscription-definitions';
import { SubscriptionStatus } from '../../src/workflows/event-platform-subscription-state';
import { SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const K8S = 'deploy/k8s';
const SA_SCRIPT = 'deploy/temporal/register-search-attributes.sh';

type Env = Record<string, string>;

interface ComposeService {
  image?: string;
  build?: string;
  env_file?: string;
  environment?: Env;
  command?: string[];
  ports?: string[];
  volumes?: string[];
  profiles?: string[];
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}
interface Probe {
  httpGet?: { path: string; port: string };
  tcpSocket?: { port: string };
}
interface Container {
  image: string;
  args?: string[];
  env?: Array<{ name: string; value?: string }>;
  ports: Array<{ name: string; containerPort: number }>;
  readinessProbe: Probe;
  livenessProbe: Probe;
  resources: { requests?: object; limits?: object };
}
interface Labels {
  labels: Env;
  annotations?: Env;
}
/** The parts of the k8s manifests the checks read. */
interface Manifest {
  file: string;
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  data?: Env;
  stringData?: Env;
  spec: {
    replicas?: number;
    selector: { matchLabels: Env } & Env;
    template: { metadata: Labels; spec: { containers: Container[]; terminationGracePeriodSeconds?: number } };
    ports: Array<Record<string, string | number>>;
    rules: Array<{ http: { paths: Array<{ path: string }> } }>;
  };
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const service = (name: string): ComposeService => {
  const found = services[name];
  assert.ok(found, `compose service ${name}`);
  return found;
};
const manifests: Manifest[] = readdirSync(path.join(ROOT, K8S))
  .filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml')
  .flatMap((f) =>
    parseAllDocuments(read(`${K8S}/${f}`)).map((d) => {
      assert.deepEqual(d.errors, [], `${f} parses`);
      return { ...(d.toJS() as Omit<Manifest, 'file'>), file: f };
    }),
  );
const manifest = (kind: string, name: string): Manifest => {
  const found = manifests.find((m) => m.kind === kind && m.metadata?.name === name);
  assert.ok(found, `${kind} ${name} in ${K8S}`);
  return found;
};
const container = (deployment: string): Container => manifest('Deployment', deployment).spec.template.spec.containers[0];
const configMapEnv = (): Env => manifest('ConfigMap', 'akeneo-sync-config').data ?? {};
const secretEnv = (): Env => manifest('Secret', 'akeneo-sync-secrets').stringData ?? {};
const kustomization = parse(read(`${K8S}/kustomization.yaml`)) as { resources: string[]; images: Array<{ name: string }> };

/** Services of ours (built from the Dockerfile), as opposed to Temporal's and PostgreSQL's. */
const appServices = Object.entries(services).filter(([, s]) => s.build === '.');
const APP_IMAGE = service('worker').image ?? '';

/** Keys `src/config.ts` parses, read from its zod shapes. */
const configKeys = new Set([...read('src/config.ts').matchAll(/^\s+([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]));
/** Keys `.env.example` documents, set or commented out. */
const documentedKeys = new Set([...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
/** `.env.example` with the values a real deployment must fill in. */
const filledEnv: Env = {
  ...Object.fromEntries([...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]])),
  AKENEO_EVENTS_SECRET: 'secret-of-32-random-bytes-in-base-36',
  AKENEO_BASE_URL: 'https://pim.example.com',
  AKENEO_CLIENT_ID: 'id',
  AKENEO_CLIENT_SECRET: 'secret',
  AKENEO_USERNAME: 'user',
  AKENEO_PASSWORD: 'password',
  DESTINATION_URL: 'https://shop.example.com',
};

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
      assert.equal(s.env_file, '.env', `${name} env_file`);
      assert.equal(s.environment?.TEMPORAL_ADDRESS, 'temporal:7233', `${name} TEMPORAL_ADDRESS`);
    }
    assert.deepEqual(api.command, ['node', 'dist/api/main.js']);
    assert.equal(workerPg.environment?.DESTINATION, 'postgres');
    assert.deepEqual(workerPg.profiles, ['postgres-destination']);
  });

  it('compose publishes the API on PORT 3000, the Web UI on 8080 and the worker metrics on METRICS_PORT', () => {
    const { port } = loadApiConfig({ ...filledEnv, ...api.environment });
    assert.equal(port, 3000);
    assert.ok(api.ports?.includes(`${port}:${port}`));
    assert.match(api.healthcheck?.test.join(' ') ?? '', new RegExp(`127\\.0\\.0\\.1:${port}/readyz`));
    assert.ok(service('temporal-ui').ports?.some((p) => /^\d+:(8080|8233)$/.test(p)));
    for (const s of [worker, workerPg]) {
      const config = loadWorkerConfig({ ...filledEnv, ...s.environment });
      assert.equal(config.metricsPort, 9464);
      assert.ok(s.ports?.includes(String(config.metricsPort)), 'metrics port published');
      assert.match(s.healthcheck?.test.join(' ') ?? '', new RegExp(`:${config.metricsPort}/metrics`));
      assert.ok(durationMs(s.stop_grace_period ?? '0s') > 2 * config.shutdownGraceMs, 'stop_grace_period > 2 × SHUTDOWN_GRACE_TIME (PIM drain, then the rest)');
    }
  });

  it('every k8s manifest parses and has apiVersion, kind and a name; kustomization lists all but the examples', () => {
    assert.ok(manifests.length >= 8);
    for (const m of manifests) {
      assert.ok(m.apiVersion && m.kind && m.metadata?.name, `${m.file}: apiVersion, kind, metadata.name`);
      assert.equal(m.metadata.namespace, undefined, `${m.file}: namespace-less`);
    }
    const files = [...new Set(manifests.map((m) => m.file))].filter((f) => f !== 'secret.example.yaml' && f !== 'ingress.yaml');
    assert.deepEqual([...kustomization.resources].sort(), files.sort());
  });

  it('uses only env keys that src/config.ts reads and .env.example documents', () => {
    const used = new Map<string, string[]>();
    const add = (where: string, keys: string[]): void => keys.forEach((k) => used.set(k, [...(used.get(k) ?? []), where]));
    for (const [name, s] of appServices) add(`compose ${name}`, Object.keys(s.environment ?? {}));
    add('ConfigMap', Object.keys(configMapEnv()));
    add('Secret', Object.keys(secretEnv()));
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
    const secrets = ['AKENEO_EVENTS_SECRET', 'AKENEO_EVENT_PLATFORM_SECRET', 'AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET'];
    for (const key of ['AKENEO_CLIENT_SECRET', 'AKENEO_PASSWORD', 'DESTINATION_TOKEN', 'TEMPORAL_API_KEY', ...secrets]) {
      assert.ok(key in secretEnv() && !(key in configMapEnv()), `${key} belongs in the Secret`);
    }
  });

  it('the k8s ConfigMap and example Secret make a valid API and worker configuration', () => {
    const env = { ...configMapEnv(), ...secretEnv() };
    const config = loadWorkerConfig(env);
    assert.equal(container('akeneo-sync-api').ports[0].containerPort, loadApiConfig(env).port);
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

  it('uses the same images in compose and k8s', () => {
    assert.equal(container('akeneo-sync-worker').image, APP_IMAGE);
    assert.equal(container('akeneo-sync-api').image, APP_IMAGE);
    assert.equal(kustomization.images[0].name, APP_IMAGE.split(':')[0]);
    const job = manifest('Job', 'akeneo-sync-search-attributes').spec.template.spec.containers[0];
    assert.equal(job.image, service('temporal-setup').image);
    assert.match(job.image, /^temporalio\/admin-tools:\d+\.\d+\.\d+/);
    for (const name of ['temporal', 'temporal-ui', 'temporal-setup', 'postgresql']) assert.match(service(name).image ?? '', /:\d/, `${name} pinned`);
  });

  it('builds, for the cluster test bed, the same Temporal server version compose runs and admin-tools carries', () => {
    const built = /^\s*go\.temporal\.io\/server (v[\d.]+)/m.exec(read('tools/temporal-server/go.mod'))?.[1];
    assert.equal(built, `v${(service('temporal').image ?? '').split(':')[1]}`);
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
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    assert.ok(froms.length >= 2 && froms.every((f) => f === 'node:20-bookworm-slim'), 'multi-stage on node:20-bookworm-slim');
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
