/** The error PIM requests are aborted with when this process stops being the PIM caller. */

/** This worker process lost (or gave up) the PIM lease: its PIM requests stop, another process takes over. */
export class PimLeaseLostError extends Error {
  constructor(reason: string) {
    super(`this worker no longer holds the PIM lease (${reason})`);
    this.name = 'PimLeaseLostError';
  }
}
