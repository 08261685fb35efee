/** Parsing and validation of the CLI's arguments, apart from commander so it is unit-testable. */
import { z } from 'zod';
import { entityCodeProblem, shownId } from '../domain/entity-code';
import type { EntityRef } from '../workflows/definitions';

/** Bad command-line input; the CLI prints its message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const uuid = z.uuid();
/** ISO-8601 starts with a calendar date; `Date.parse` alone would also take `May 1` or `1`. */
const ISO_DATE_PREFIX = /^\d{4}-\d{2}-\d{2}(?:$|T)/;

/** The entity an id names: a product uuid (lower-cased), or a product-model code when `model` is set. */
export function parseEntityRef(arg: string, model: boolean): EntityRef {
  if (model) {
    const problem = entityCodeProblem(arg);
    if (problem) throw new UsageError(`not a product-model code: ${shownId(arg)} (it ${problem})`);
    return { kind: 'product-model', id: arg };
  }
  if (!uuid.safeParse(arg).success) {
    throw new UsageError(`not a product uuid: '${arg}' (add --model for a product-model code)`);
  }
  return { kind: 'product', id: arg.toLowerCase() };
}

/** An ISO-8601 time no later than `now`, normalised to UTC `toISOString()` form. */
export function parseSince(text: string, now: Date): string {
  const ms = ISO_DATE_PREFIX.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new UsageError(`not an ISO-8601 time: '${text}' (e.g. 2024-05-01T08:00:00Z)`);
  if (ms > now.getTime()) throw new UsageError(`time is in the future: '${text}'`);
  return new Date(ms).toISOString();
}

/** `2024-05-01T08:00:00.123Z` → `20240501T080000Z`: a workflow-id suffix that sorts by time. */
export function compactTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}
