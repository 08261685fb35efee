/**
 * The third party's catalogue structure: `PUT`/`DELETE /structure/{kind}/{code}` with the PIM's JSON, options at
 * `/structure/attribute-options/{attribute}/{code}` and family variants at `/structure/family-variants/{family}/{code}`
 * (codes URL-encoded, one path segment each), plus inspection `GET`s.
 */
import type { SimRequest, SimResponse } from './http-server';
import type { StructureKind } from './structure/types';

/** Kinds stored at `/structure/{kind}/{code}`. */
export const FLAT_DESTINATION_KINDS: ReadonlySet<string> = new Set<StructureKind>([
  'channels',
  'locales',
  'currencies',
  'measurement-families',
  'attribute-groups',
  'attributes',
  'families',
  'categories',
  'association-types',
]);
/** Kinds stored at `/structure/{kind}/{parent}/{code}`. */
export const NESTED_DESTINATION_KINDS: ReadonlySet<string> = new Set<StructureKind>(['attribute-options', 'family-variants']);

/** Where a structure request points: a kind, and a code (with its parent for nested kinds) unless it is a listing. */
export interface StructureTarget {
  kind: StructureKind;
  parent?: string;
  code?: string;
}

/** The target of `pathname`, or `undefined` when it is not a structure path (or a segment does not decode). */
export function structureTarget(pathname: string): StructureTarget | undefined {
  const match = /^\/structure\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match) return undefined;
  const [, kind, a, b] = match;
  const first = a === undefined ? undefined : safeDecode(a);
  const second = b === undefined ? undefined : safeDecode(b);
  if ((a !== undefined && first === undefined) || (b !== undefined && second === undefined)) return undefined;
  if (FLAT_DESTINATION_KINDS.has(kind) && b === undefined) return { kind: kind as StructureKind, ...(first !== undefined ? { code: first } : {}) };
  if (NESTED_DESTINATION_KINDS.has(kind) && first !== undefined) {
    return { kind: kind as StructureKind, parent: first, ...(second !== undefined ? { code: second } : {}) };
  }
  return undefined;
}

/** One stored structure item. */
export interface StoredStructureItem {
  kind: StructureKind;
  code: string;
  parent?: string;
  body: unknown;
}

/** The structure items the third party holds, and how many writes each key received. */
export class DestinationStructure {
  /** Successful `PUT`s, all kinds. */
  puts = 0;
  /** Successful `DELETE`s (204), all kinds. */
  deletes = 0;
  private readonly items = new Map<string, StoredStructureItem>();
  private readonly writes = new Map<string, number>();

  /** The stored item's body, or `undefined`. */
  get(kind: StructureKind, code: string, parent?: string): unknown {
    return this.items.get(keyOf(kind, code, parent))?.body;
  }

  /** Every stored item of `kind`, in write order. */
  list(kind: StructureKind): StoredStructureItem[] {
    return [...this.items.values()].filter((i) => i.kind === kind);
  }

  /** Successful `PUT`s of one key (deletes do not reset it). */
  writesOf(kind: StructureKind, code: string, parent?: string): number {
    return this.writes.get(keyOf(kind, code, parent)) ?? 0;
  }

  /** Answers a `GET`, `PUT` or `DELETE` on `target` (faults and auth are the server's). */
  answer(req: SimRequest, target: StructureTarget): SimResponse {
    const { kind, parent, code } = target;
    if (code === undefined) {
      if (req.method !== 'GET') return destinationError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.url.pathname}`);
      return { status: 200, body: this.list(kind).filter((i) => parent === undefined || i.parent === parent).map((i) => i.body) };
    }
    const key = keyOf(kind, code, parent);
    if (req.method === 'GET') {
      const found = this.items.get(key);
      return found ? { status: 200, body: found.body } : destinationError(404, 'not_found', `${kind} ${code} is not stored`);
    }
    if (req.method === 'DELETE') {
      if (!this.items.delete(key)) return destinationError(404, 'not_found', `${kind} ${code} is not stored`);
      this.deletes++;
      return { status: 204 };
    }
    if (req.method !== 'PUT') return destinationError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.url.pathname}`);
    let body: unknown;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      return destinationError(400, 'bad_json', 'the body is not JSON');
    }
    const isNew = !this.items.has(key);
    this.items.set(key, { kind, code, ...(parent !== undefined ? { parent } : {}), body });
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
    this.puts++;
    return isNew ? { status: 200, body: { id: code, created: true } } : { status: 204 };
  }
}

function keyOf(kind: StructureKind, code: string, parent?: string): string {
  return `${kind}\u0000${parent ?? ''}\u0000${code}`;
}

/** The third party's error body. */
export function destinationError(status: number, code: string, message: string, headers?: Record<string, string>): SimResponse {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
