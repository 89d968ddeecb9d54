import type { ApiErrorShape } from '../../shared/api';

/**
 * An error meant for a person: one clear sentence that says what is wrong and where.
 * Anything else that escapes the engine is a bug and is reported as such.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: ApiErrorShape['code'] = 'failed',
    readonly issues?: ApiErrorShape['issues'],
    /** Figures a screen needs to act on the error (a confirmation showing the numbers, say). */
    readonly details?: ApiErrorShape['details'],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const notFound = (what: string) => new UserError(what, 'not-found');
