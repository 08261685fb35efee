/**
 * What a write to the third party did, returned by the destination activities so the entity workflow can
 * record it. A plain `as const` object (workflow-safe).
 */

/** `written`: the third party now holds this version (or the entity is gone). `superseded`: it already held a newer one and kept it. */
export const WriteOutcome = { WRITTEN: 'written', SUPERSEDED: 'superseded' } as const;
export type WriteOutcome = (typeof WriteOutcome)[keyof typeof WriteOutcome];
