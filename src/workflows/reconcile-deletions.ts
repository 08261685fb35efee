/**
 * The mass-delete guard of full runs: entities confirmed gone from the PIM (a GET answered 404) are held
 * until the deletion scan is over, and deleted only when they are at most `DELETE_MAX_FRACTION` of the
 * entities the sync state knows. More than that is a misconfiguration, a permission change on the
 * connection (Akeneo answers 404 for "not allowed" too) or a broken PIM, not a catalogue: the run deletes
 * nothing and fails with a reason the Web UI shows.
 */
import { ApplicationFailure, metricMeter } from '@temporalio/workflow';
import type { EntityKind } from '../domain/entity';
import { MetricName } from '../metrics/names';
import { DEFAULT_DELETE_MAX_FRACTION, MASS_DELETE_REFUSED, MAX_PENDING_DELETIONS } from './reconcile-definitions';
import { KINDS, type ReconcileRun } from './reconcile-run';

/** Ids handed to one `markGone` activity. */
const MARK_GONE_CHUNK = 1000;

/** Whether deletions wait for the end of the scan: the guard is on, not overridden, and would delete. */
export function holdsDeletions(r: ReconcileRun): boolean {
  return r.guarded && r.input.allowMassDelete !== true && r.input.deletePolicy !== 'ignore';
}

/** Counts a page of known ids and holds the ids confirmed gone; refuses at once past {@link MAX_PENDING_DELETIONS}. */
export function holdGone(r: ReconcileRun, kind: EntityKind, known: number, gone: string[]): void {
  const { p } = r;
  p.known = (p.known ?? 0) + known;
  p.gone ??= { product: [], 'product-model': [] };
  p.gone[kind].push(...gone);
  const held = p.gone.product.length + p.gone['product-model'].length;
  if (held > MAX_PENDING_DELETIONS) refuse(r, held, `more than ${MAX_PENDING_DELETIONS} entities`);
}

/** After the scan: deletes the held ids, or refuses when they are too large a share of the known entities. */
export async function releaseHeldDeletions(r: ReconcileRun): Promise<void> {
  const { p, input } = r;
  const held = (p.gone?.product.length ?? 0) + (p.gone?.['product-model'].length ?? 0);
  if (held === 0) return;
  const fraction = input.deleteMaxFraction ?? DEFAULT_DELETE_MAX_FRACTION;
  const known = p.known ?? 0;
  if (held > fraction * known) refuse(r, held, `${held} of ${known} known entities (more than ${fraction * 100} %)`);
  for (const kind of KINDS) {
    const ids = p.gone?.[kind] ?? [];
    for (let i = 0; i < ids.length; i += MARK_GONE_CHUNK) {
      const chunk = ids.slice(i, i + MARK_GONE_CHUNK);
      p.counts.deleted += await r.temporal.markGone({ kind, ids: chunk, policy: input.deletePolicy ?? 'delete', runId: p.startedAt });
    }
  }
  p.gone = undefined;
}

function refuse(r: ReconcileRun, held: number, what: string): never {
  const refused = metricMeter.createCounter(MetricName.RECONCILE_MASS_DELETE_REFUSED, undefined, 'Full reconcile runs that refused to delete');
  refused.add(1, { mode: r.input.mode });
  const fraction = r.input.deleteMaxFraction ?? DEFAULT_DELETE_MAX_FRACTION;
  throw ApplicationFailure.nonRetryable(
    `refused to delete ${what} missing from the PIM: more than DELETE_MAX_FRACTION (${fraction}) of the known entities. ` +
      'Nothing was deleted. Check the PIM connection\'s permissions and the PIM itself; if the deletions are real, run ' +
      '`npm run cli -- resync-all --allow-mass-delete`.',
    MASS_DELETE_REFUSED,
    { held, known: r.p.known ?? 0, fraction },
  );
}
