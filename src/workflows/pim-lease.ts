/**
 * The PIM lease workflow (`akeneo-pim-lease-<task queue>`): wiring only. It holds which worker process
 * may call the PIM; the worker processes acquire, renew and release it by update (see
 * `src/pim-lease/keeper.ts`). Expiry is decided by workflow time. It waits for nothing but its
 * handlers, and continues-as-new before its history grows long.
 */
import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { FailureType } from '../failures';
import { acquirePimLeaseUpdate, pimLeaseQuery, releasePimLeaseUpdate, type PimLeaseInput, type PimLeaseRequest } from './pim-lease-definitions';
import { acquireLease, assertValidRequest, initialLeaseState, isHeld, releaseLease, viewLease, type PimLeaseState } from './pim-lease-state';

/** Default history length at which the lease continues as new (about 200 renewals: a renewal adds about 5 events). */
export const PIM_LEASE_MAX_HISTORY_LENGTH = 1000;

/** Refuses an acquire or release: the caller does not hold the lease and may not take it. */
function held(state: PimLeaseState): ApplicationFailure {
  const current = viewLease(state, Date.now());
  return ApplicationFailure.create({
    type: FailureType.PIM_LEASE_HELD,
    message: `the PIM lease is held by ${current.holderId ?? 'nobody'} until ${current.expiresAt ?? 'now'}`,
    details: [current],
    nonRetryable: true,
  });
}

/** Keeps the PIM lease; runs until terminated. */
export async function pimLeaseWorkflow(input: PimLeaseInput = {}): Promise<void> {
  let state = input.state ?? initialLeaseState();
  const maxHistoryLength = input.maxHistoryLength ?? PIM_LEASE_MAX_HISTORY_LENGTH;
  // Validators reject without a trace in history, so standby workers asking every few seconds cost nothing.
  setHandler(
    acquirePimLeaseUpdate,
    (request) => {
      // Decided again here: another update of the same activation may have been granted since validation.
      const outcome = acquireLease(state, request, Date.now());
      if (!outcome.granted) throw held(state);
      state = outcome.state;
      return outcome.grant;
    },
    {
      validator: (request: PimLeaseRequest) => {
        assertValidRequest(request);
        if (!acquireLease(state, request, Date.now()).granted) throw held(state);
      },
    },
  );
  setHandler(
    releasePimLeaseUpdate,
    (holderId) => {
      state = releaseLease(state, holderId, Date.now());
      return viewLease(state, Date.now());
    },
    {
      validator: (holderId: string) => {
        if (!isHeld(state, Date.now()) || state.holderId !== holderId) throw held(state);
      },
    },
  );
  setHandler(pimLeaseQuery, () => viewLease(state, Date.now()));

  const info = workflowInfo;
  await condition(() => info().continueAsNewSuggested || info().historyLength > maxHistoryLength);
  await condition(allHandlersFinished);
  await continueAsNew<typeof pimLeaseWorkflow>({ state, ...(input.maxHistoryLength !== undefined && { maxHistoryLength }) });
}
