/**
 * A structure ledger shard (`akeneo-structure-ledger-<task queue>-<n>`): wiring only. Holds, for the structure items whose key
 * hashes to it, the digest last written and the run that last saw them; the structure activities reach it by
 * update-with-start (`src/structure/temporal-ledger.ts`). Waits for nothing but its handlers and continues as new
 * before its history grows long.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  countStructureQuery,
  tallyStructureQuery,
  forgetStructureUpdate,
  observeStructureUpdate,
  recordStructureWrittenUpdate,
  unseenStructureQuery,
  type StructureLedgerInput,
} from './structure-ledger-definitions';
import { countKind, tallyKinds, forgetKeys, initialLedgerState, observeItems, recordWritten, unseenKeys } from './structure-ledger-state';

/** Default history length at which a shard continues as new. */
export const STRUCTURE_LEDGER_MAX_HISTORY_LENGTH = 2000;

/** Keeps one shard of the structure ledger; runs until terminated. */
export async function structureLedgerWorkflow(input: StructureLedgerInput = {}): Promise<void> {
  let state = input.state ?? initialLedgerState();
  const maxHistoryLength = input.maxHistoryLength ?? STRUCTURE_LEDGER_MAX_HISTORY_LENGTH;
  setHandler(observeStructureUpdate, ({ run, items }) => {
    const outcome = observeItems(state, run, items);
    state = outcome.state;
    return outcome.changed;
  });
  setHandler(recordStructureWrittenUpdate, ({ items }) => {
    state = recordWritten(state, items);
  });
  setHandler(forgetStructureUpdate, ({ keys }) => {
    state = forgetKeys(state, keys);
  });
  setHandler(unseenStructureQuery, ({ run, kind, afterKey, limit }) => unseenKeys(state, run, kind, afterKey, limit));
  setHandler(countStructureQuery, ({ kind }) => countKind(state, kind));
  setHandler(tallyStructureQuery, ({ run }) => tallyKinds(state, run));

  const info = workflowInfo;
  await condition(() => info().continueAsNewSuggested || info().historyLength > maxHistoryLength);
  await condition(allHandlersFinished);
  await continueAsNew<typeof structureLedgerWorkflow>({ state, ...(input.maxHistoryLength !== undefined && { maxHistoryLength }) });
}
