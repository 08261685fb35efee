/**
 * First contact with a namespace: the entity workflows' search attributes must be registered before any
 * workflow upserts them, or every workflow task fails. The worker registers the missing ones itself where
 * the server lets it (the dev server, a self-hosted cluster with operator rights); where it does not
 * (Temporal Cloud, no rights) it stops with one line naming them and the command that registers them.
 */
import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType, type SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { SEARCH_ATTRIBUTES } from './workflows/search-attributes';

type Key = SearchAttributeKey<SearchAttributeType>;
type OperatorConnection = Pick<Connection, 'operatorService'>;

/** What a namespace lacks of a set of search attributes. */
export interface SearchAttributeGaps {
  /** Not registered at all: the worker can add these. */
  missing: Key[];
  /** Registered under the same name with another type (`actual`): only an operator can fix these. */
  clashing: Array<{ key: Key; actual: SearchAttributeType | undefined }>;
}

/** Compares the namespace's custom search attributes with `keys`. */
export async function findSearchAttributeGaps(
  connection: OperatorConnection,
  namespace: string,
  keys: readonly Key[] = SEARCH_ATTRIBUTES,
): Promise<SearchAttributeGaps> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const gaps: SearchAttributeGaps = { missing: [], clashing: [] };
  for (const key of keys) {
    const registered = customAttributes[key.name];
    if (registered === undefined || registered === null) gaps.missing.push(key);
    else if (registered !== encodeSearchAttributeIndexedValueType(key.type)) gaps.clashing.push({ key, actual: typeName(registered) });
  }
  return gaps;
}

/** Names of `keys` the namespace lacks or has with another type, as `Name (TYPE)`; empty when all are there. */
export async function missingSearchAttributes(
  connection: OperatorConnection,
  namespace: string,
  keys: readonly Key[] = SEARCH_ATTRIBUTES,
): Promise<string[]> {
  const { missing, clashing } = await findSearchAttributeGaps(connection, namespace, keys);
  return keys.filter((k) => missing.includes(k) || clashing.some((c) => c.key === k)).map((k) => `${k.name} (${k.type})`);
}

/** The worker cannot set up the namespace's search attributes; the message is one line saying what to do. */
export class SearchAttributeSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchAttributeSetupError';
  }
}

/** Options of {@link ensureSearchAttributes}. */
export interface EnsureSearchAttributesOptions {
  namespace: string;
  /** `TEMPORAL_ADDRESS`: named in the command printed, and tells Temporal Cloud apart. */
  address: string;
  keys?: readonly Key[];
  /** How long registered attributes may take to be listed (default {@link SEARCH_ATTRIBUTES_VISIBLE_WITHIN_MS}). */
  visibleWithinMs?: number;
}

/** What {@link ensureSearchAttributes} did. */
export interface EnsureSearchAttributesResult {
  /** Names the worker registered (empty when all were there). */
  registered: string[];
  /** False when they were still not listed at the deadline (workflow tasks retry until they are). */
  listed: boolean;
}

/** Default wait for attributes the worker registered to be listed by the server. */
export const SEARCH_ATTRIBUTES_VISIBLE_WITHIN_MS = 15_000;

/** gRPC status codes the registration tells apart. */
const GrpcCode = { PERMISSION_DENIED: 7, UNIMPLEMENTED: 12 } as const;

/**
 * Registers the missing search attributes and waits until the server lists them. Throws a
 * {@link SearchAttributeSetupError} when one has another type, or when the server refuses to register them.
 */
export async function ensureSearchAttributes(
  connection: OperatorConnection,
  options: EnsureSearchAttributesOptions,
): Promise<EnsureSearchAttributesResult> {
  const { namespace, keys = SEARCH_ATTRIBUTES } = options;
  const gaps = await findSearchAttributeGaps(connection, namespace, keys);
  if (gaps.clashing.length > 0) throw new SearchAttributeSetupError(clashMessage(gaps, options));
  if (gaps.missing.length === 0) return { registered: [], listed: true };
  const searchAttributes: Record<string, number> = {};
  for (const k of gaps.missing) searchAttributes[k.name] = encodeSearchAttributeIndexedValueType(k.type) ?? 0;
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    if (!isGrpcError(err)) throw err;
    // Another worker starting at the same time may have registered them first.
    const after = await findSearchAttributeGaps(connection, namespace, keys);
    if (after.missing.length + after.clashing.length > 0) throw new SearchAttributeSetupError(refusalMessage(after, options, err));
    return { registered: [], listed: true };
  }
  const registered = gaps.missing.map((k) => k.name);
  return { registered, listed: await listedBy(connection, namespace, keys, options.visibleWithinMs ?? SEARCH_ATTRIBUTES_VISIBLE_WITHIN_MS) };
}

/** Polls the server until none of `keys` is missing, or the deadline passes. */
async function listedBy(connection: OperatorConnection, namespace: string, keys: readonly Key[], withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    const { missing, clashing } = await findSearchAttributeGaps(connection, namespace, keys);
    if (missing.length + clashing.length === 0) return true;
    if (Date.now() + delay > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Whether `address` is a Temporal Cloud endpoint (namespace endpoint or regional API-key endpoint). */
export function isTemporalCloud(address: string): boolean {
  const host = address.replace(/:\d+$/, '').toLowerCase();
  return host.endsWith('.tmprl.cloud') || host.endsWith('.api.temporal.io');
}

/** The command that registers `keys`: the Temporal CLI's, or `tcld`'s on Temporal Cloud. */
export function registrationCommand(keys: readonly Key[], options: Pick<EnsureSearchAttributesOptions, 'namespace' | 'address'>): string {
  if (isTemporalCloud(options.address)) {
    const pairs = keys.map((k) => `--search-attribute ${k.name}=${cliTypeName(k.type)}`).join(' ');
    return `tcld namespace search-attributes add --namespace ${options.namespace} ${pairs}`;
  }
  // One --type per --name, in the same order: with a single --type the CLI registers only the first name.
  const pairs = keys.map((k) => `--name ${k.name} --type ${cliTypeName(k.type)}`).join(' ');
  return `temporal operator search-attribute create --address ${options.address} --namespace ${options.namespace} ${pairs}`;
}

function refusalMessage(gaps: SearchAttributeGaps, options: EnsureSearchAttributesOptions, err: GrpcError): string {
  if (gaps.clashing.length > 0) return clashMessage(gaps, options);
  const refused = err.code === GrpcCode.PERMISSION_DENIED || err.code === GrpcCode.UNIMPLEMENTED || isTemporalCloud(options.address);
  const why = `${refused ? 'the server does not let this worker register them' : 'registering them failed'} (${err.details || err.message})`;
  return `search attributes missing in namespace ${options.namespace}: ${describe(gaps.missing)}; ${why}; register them with: ${registrationCommand(gaps.missing, options)}`;
}

function clashMessage(gaps: SearchAttributeGaps, options: EnsureSearchAttributesOptions): string {
  const clashes = gaps.clashing.map((c) => `${c.key.name} is ${c.actual ? cliTypeName(c.actual) : 'of an unknown type'} but must be ${cliTypeName(c.key.type)}`);
  const fix = 'a type clash cannot be fixed automatically: remove or rename the attribute, then restart the worker';
  const alsoMissing = gaps.missing.length > 0 ? `; also missing: ${describe(gaps.missing)} (register them with: ${registrationCommand(gaps.missing, options)})` : '';
  return `search attributes of namespace ${options.namespace} have the wrong type: ${clashes.join(', ')}; ${fix}${alsoMissing}`;
}

function describe(keys: readonly Key[]): string {
  return keys.map((k) => `${k.name} (${cliTypeName(k.type)})`).join(', ');
}

/** The type as both CLIs spell it: `Keyword`, `Datetime`, `KeywordList`… */
function cliTypeName(type: SearchAttributeType): string {
  return type
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function typeName(indexed: ReturnType<typeof encodeSearchAttributeIndexedValueType>): SearchAttributeType | undefined {
  return Object.values(SearchAttributeType).find((t) => encodeSearchAttributeIndexedValueType(t) === indexed);
}

interface GrpcError extends Error {
  code: number;
  details?: string;
}

function isGrpcError(err: unknown): err is GrpcError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'number';
}
