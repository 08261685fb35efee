/**
 * Subscription filters: parsing (for the 400s) and matching events. Source: https://api.akeneo.com/event-platform/available-filters.html
 * (akeneo/pim-api-docs content/event-platform/available-filters.md): fields `user`, `user_type`, `attribute`,
 * `scope`/`channel`, `locale`; operators `and`, `or`, `not`, `in`; values double-quoted; parentheses group.
 * The precedence (`not` > `and` > `or`) is not documented: the usual one is assumed.
 */

/** A parsed filter. */
export type FilterNode =
  | { op: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { op: 'not'; inner: FilterNode }
  | { op: 'match'; field: string; values: string[] };

/** Fields a filter may test. */
export const FILTER_FIELDS: ReadonlySet<string> = new Set(['user', 'user_type', 'attribute', 'scope', 'channel', 'locale']);

/** A filter that does not parse. */
export class FilterSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(\(|\)|\[|\]|,|=)|([A-Za-z_]+))/y;

/** Parses `text`; returns the tree and how many operators it uses. Throws {@link FilterSyntaxError}. */
export function parseFilter(text: string): { node: FilterNode; operators: number } {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (text.slice(start).trim() === '') break;
      throw new FilterSyntaxError(`unexpected character at ${start}`);
    }
    tokens.push(m[1] ?? m[2] ?? m[3]);
  }
  let pos = 0;
  let operators = 0;
  const peek = (): string | undefined => tokens[pos];
  const expect = (t: string): void => {
    if (tokens[pos++] !== t) throw new FilterSyntaxError(`expected ${t}`);
  };
  const value = (): string => {
    const t = tokens[pos++];
    if (!t?.startsWith('"')) throw new FilterSyntaxError('values must be double-quoted');
    return JSON.parse(t) as string;
  };
  const binary = (op: 'and' | 'or', next: () => FilterNode): FilterNode => {
    let left = next();
    while (peek()?.toLowerCase() === op) {
      pos++;
      operators++;
      left = { op, left, right: next() };
    }
    return left;
  };
  const unary = (): FilterNode => {
    const t = peek();
    if (t?.toLowerCase() === 'not') {
      pos++;
      operators++;
      return { op: 'not', inner: unary() };
    }
    if (t === '(') {
      pos++;
      const inner = expr();
      expect(')');
      return inner;
    }
    const field = tokens[pos++]?.toLowerCase();
    if (!field || !FILTER_FIELDS.has(field)) throw new FilterSyntaxError(`unknown filter field ${field ?? '(none)'}`);
    if (peek() === '=') {
      pos++;
      return { op: 'match', field, values: [value()] };
    }
    if (peek()?.toLowerCase() !== 'in') throw new FilterSyntaxError(`expected = or in after ${field}`);
    pos++;
    operators++;
    expect('[');
    const values = [value()];
    while (peek() === ',') {
      pos++;
      values.push(value());
    }
    expect(']');
    return { op: 'match', field, values };
  };
  const expr = (): FilterNode => binary('or', () => binary('and', unary));
  const node = expr();
  if (pos !== tokens.length) throw new FilterSyntaxError(`unexpected ${tokens[pos]}`);
  return { node, operators };
}

/** What a filter sees of an event: its author and, for delta events, the changed values. */
export interface FilterSubject {
  user?: string;
  userType?: string;
  /** Changed values of a delta event: attribute code, locale and scope of each; `undefined` for other events. */
  changedValues?: Array<{ attribute: string; locale: string | null; scope: string | null }>;
}

/**
 * Whether the event passes. A field absent from the event makes its test false ("If a filter field is not in the
 * event payload, the filter may silently skip the event"); scope/channel/locale also match non-scopable or
 * non-localizable values (null), as documented.
 */
export function filterMatches(node: FilterNode, ev: FilterSubject): boolean {
  switch (node.op) {
    case 'and':
      return filterMatches(node.left, ev) && filterMatches(node.right, ev);
    case 'or':
      return filterMatches(node.left, ev) || filterMatches(node.right, ev);
    case 'not':
      return !filterMatches(node.inner, ev);
    default:
      return fieldMatches(node.field, node.values, ev);
  }
}

function fieldMatches(field: string, values: string[], ev: FilterSubject): boolean {
  if (field === 'user') return ev.user !== undefined && values.includes(ev.user);
  if (field === 'user_type') return ev.userType !== undefined && values.includes(ev.userType);
  const changed = ev.changedValues;
  if (!changed) return false;
  if (field === 'attribute') return changed.some((c) => values.includes(c.attribute));
  const key = field === 'locale' ? 'locale' : 'scope';
  return changed.some((c) => c[key] === null || values.includes(c[key]));
}
