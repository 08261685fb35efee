/** The PIM client's errors: what the PIM answered, or that it could not be reached. */

/** The PIM answered with a non-2xx status; `body` is Akeneo's `{code, message}` when it sent one. */
export class PimHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
    readonly body?: { code?: number; message?: string },
  ) {
    super(message);
    this.name = 'PimHttpError';
  }
}

/** The PIM could not be reached, timed out, or sent an unreadable answer. */
export class PimNetworkError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PimNetworkError';
  }
}
