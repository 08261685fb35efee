/** Loads docker-compose.yml, the k8s manifests and .env.example for the deploy-file tests. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** The repository's root. */
export const ROOT = path.resolve(__dirname, '../..');
/** Reads a file of the repository. */
export const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
/** Where the k8s manifests live. */
export const K8S = 'deploy/k8s';

/** Environment variables by name. */
export type Env = Record<string, string>;

/** A published port, in compose's short (`"127.0.0.1:3000:3000"`) or long syntax. */
export type ComposePort = string | { target: number; published?: string | number; host_ip?: string };

/** The parts of a compose service the checks read. */
export interface ComposeService {
  image?: string;
  build?: string;
  env_file?: string | string[];
  /** A null value passes the variable from .env or the shell, when set there. */
  environment?: Record<string, string | null>;
  command?: string[];
  ports?: ComposePort[];
  volumes?: string[];
  profiles?: string[];
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}
interface Probe {
  httpGet?: { path: string; port: string };
  tcpSocket?: { port: string };
}
/** A container of a Deployment or Job. */
export interface Container {
  image: string;
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
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
export interface Manifest {
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

/** docker-compose.yml's services, YAML merge keys applied. */
export const services = (parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> }).services;

/** The compose service `name` (fails the test when it is missing). */
export function service(name: string): ComposeService {
  const found = services[name];
  assert.ok(found, `compose service ${name}`);
  return found;
}

/** Every document of every manifest in deploy/k8s but kustomization.yaml. */
export const manifests: Manifest[] = readdirSync(path.join(ROOT, K8S))
  .filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml')
  .flatMap((f) =>
    parseAllDocuments(read(`${K8S}/${f}`)).map((d) => {
      assert.deepEqual(d.errors, [], `${f} parses`);
      return { ...(d.toJS() as Omit<Manifest, 'file'>), file: f };
    }),
  );

/** The manifest of `kind` named `name` (fails the test when it is missing). */
export function manifest(kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata?.name === name);
  assert.ok(found, `${kind} ${name} in ${K8S}`);
  return found;
}

/** The first container of the Deployment `deployment`. */
export const container = (deployment: string): Container => manifest('Deployment', deployment).spec.template.spec.containers[0];

/** Variables of `.env.example` with their example values (`KEY=value` lines only). */
export const exampleEnv: Env = Object.fromEntries([...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));

/**
 * Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?error}` with `vars` (its .env);
 * throws, as compose does, when a `:?` variable is unset or empty.
 */
export function interpolate(text: string, vars: Env): string {
  return text.replace(/\$\{([A-Z][A-Z0-9_]*)(?:(:-|:\?)([^}]*))?\}/g, (_m, name: string, op: string | undefined, arg: string) => {
    const value = vars[name];
    if (value !== undefined && value !== '') return value;
    if (op === ':?') throw new Error(`required variable ${name} is missing a value: ${arg}`);
    return op === ':-' ? arg : '';
  });
}

/** The environment compose gives `s`'s container when `.env` holds `dotenv`. */
export function containerEnv(s: ComposeService, dotenv: Env): Env {
  const env: Env = {};
  for (const [key, value] of Object.entries(s.environment ?? {})) {
    if (value !== null) env[key] = interpolate(value, dotenv);
    else if (dotenv[key] !== undefined) env[key] = dotenv[key];
  }
  return env;
}

/** The `${VAR…}` variables a text interpolates, with `:?` if required. */
export function interpolatedVariables(text: string): Map<string, { required: boolean }> {
  const found = new Map<string, { required: boolean }>();
  for (const m of text.matchAll(/\$\{([A-Z][A-Z0-9_]*)(:\?|:-)?/g)) {
    found.set(m[1], { required: (found.get(m[1])?.required ?? false) || m[2] === ':?' });
  }
  return found;
}

/** A port as the host sees it: the address, the host port (undefined: a free one) and the container port. */
export interface PublishedPort {
  hostIp: string;
  published?: number;
  target: number;
}

/** The ports `s` publishes when `.env` holds `dotenv` (no address means every interface, 0.0.0.0). */
export function publishedPorts(s: ComposeService, dotenv: Env): PublishedPort[] {
  return (s.ports ?? []).map((p) => {
    if (typeof p !== 'string') {
      return { hostIp: p.host_ip ?? '0.0.0.0', published: p.published === undefined ? undefined : Number(p.published), target: p.target };
    }
    // "3000", "3000:3000" or "127.0.0.1:3000:3000" (no IPv6 address in these files).
    const parts = interpolate(p, dotenv).split(':');
    const target = Number(parts[parts.length - 1]);
    const hostPort = parts.length > 1 && parts[parts.length - 2] !== '' ? Number(parts[parts.length - 2]) : undefined;
    return { hostIp: parts.length > 2 ? parts[0] || '0.0.0.0' : '0.0.0.0', published: hostPort, target };
  });
}

/** The environment variables `load` reads (whether it succeeds or not). */
export function keysRead(load: (env: Env) => unknown): Set<string> {
  const seen = new Set<string>();
  const note = (k: string | symbol): void => {
    if (typeof k === 'string') seen.add(k);
  };
  const env = new Proxy<Env>({}, {
    get(target, k) {
      note(k);
      return target[k as string];
    },
    has(target, k) {
      note(k);
      return k in target;
    },
  });
  try {
    load(env);
  } catch {
    // An empty environment fails validation; the keys looked at are what matters.
  }
  return seen;
}

/** An image reference split into its parts: `name:tag@digest`. */
export interface ImageRef {
  name: string;
  tag?: string;
  digest?: string;
}

/** Splits `ref` (`postgres:16.15-bookworm@sha256:…`) into name, tag and digest. */
export function parseImage(ref: string): ImageRef {
  const [nameTag, digest] = ref.split('@');
  const colon = nameTag.lastIndexOf(':');
  return colon > nameTag.lastIndexOf('/') ? { name: nameTag.slice(0, colon), tag: nameTag.slice(colon + 1), digest } : { name: nameTag, digest };
}

/** The Dockerfile's base image: the default of `ARG NODE_IMAGE`, which every stage's FROM uses. */
export function dockerfileBase(dockerfile: string): { image: string; froms: string[] } {
  const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1] ?? '';
  return { image, froms: [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]) };
}

/** Every image the deploy files run: compose services, k8s containers and the Dockerfile's base. */
export function deployedImages(): Array<{ where: string; image: string }> {
  return [
    ...Object.entries(services).map(([name, s]) => ({ where: `compose ${name}`, image: s.image ?? '' })),
    ...manifests
      .filter((m) => m.kind === 'Deployment' || m.kind === 'Job')
      .flatMap((m) => m.spec.template.spec.containers.map((c) => ({ where: `${m.kind} ${m.metadata?.name ?? m.file}`, image: c.image }))),
    { where: 'Dockerfile', image: dockerfileBase(read('Dockerfile')).image },
  ];
}
