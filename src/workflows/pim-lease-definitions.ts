/**
 * Updates, query and payload types of the PIM lease workflow. Shared by the workflow and the worker's
 * lease keeper, so it imports nothing but the workflow API and the lease's plain types.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PimLeaseGrant, PimLeaseRequest, PimLeaseState, PimLeaseView } from './pim-lease-state';

export type { PimLeaseGrant, PimLeaseRequest, PimLeaseState, PimLeaseView } from './pim-lease-state';

/** Type name of the lease workflow, for clients that start it by name. */
export const PIM_LEASE_WORKFLOW = 'pimLeaseWorkflow';

/**
 * Grants or renews the lease (free, expired, or already the caller's). Rejected while another worker
 * holds it: the failure's type is `PimLeaseHeld` and its first detail the {@link PimLeaseView}.
 */
export const acquirePimLeaseUpdate = defineUpdate<PimLeaseGrant, [PimLeaseRequest]>('acquirePimLease');

/** Frees the lease if the caller holds it (graceful shutdown); rejected otherwise. */
export const releasePimLeaseUpdate = defineUpdate<PimLeaseView, [holderId: string]>('releasePimLease');

/** Who holds the lease and until when. */
export const pimLeaseQuery = defineQuery<PimLeaseView>('pimLease');

/** Input of the lease workflow; `state` is set when continuing as new. */
export interface PimLeaseInput {
  state?: PimLeaseState;
  /** Continue-as-new once history has this many events (the server's suggestion applies too). */
  maxHistoryLength?: number;
}
