/**
 * Temporal visibility queries (List Filters) built from values: every value goes through {@link quoted}, so a
 * product identifier, a workflow id or a task queue holding `'`, `"` or `\` stays one string literal and cannot
 * change the query. The one place such strings are made.
 */
import { PRODUCT_SYNC_WORKFLOW } from './signal-entity';

/**
 * `value` as a string literal of a List Filter: backslashes escaped first, then single quotes (the server's
 * SQL parser reads `\\` and `\'` inside single quotes); double quotes need nothing. Tried on the Temporal 1.32 dev
 * server: a value with `'` inside matches; one holding `"` or `\`, or starting or ending with `'`, matches nothing
 * (the server re-escapes or trims it, cf. temporalio/temporal#12019), but never breaks out of its literal.
 */
export function quoted(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `name IN ('a', 'b', …)`, every value quoted. */
export function isIn(name: string, values: readonly string[]): string {
  return `${name} IN (${values.map(quoted).join(', ')})`;
}

/** The running entity workflows of one deployment (its task queue): other deployments may share the namespace. */
export function runningEntityWorkflows(taskQueue: string): string {
  return `WorkflowType = ${quoted(PRODUCT_SYNC_WORKFLOW)} AND ExecutionStatus = 'Running' AND TaskQueue = ${quoted(taskQueue)}`;
}
