import type { ApiErrorShape } from '../../shared/api';
import { said, type MessageCode, type MessageParams } from '../../shared/messages';

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
    /** The sentence as a code and its values (shared/messages.ts), when the screens can word it. */
    readonly sentence?: ApiErrorShape['sentence'],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A UserError whose sentence is an engine message: its English (shared/messages.ts) is the error's message. */
export function saidError(code: MessageCode, params: MessageParams, errorCode: ApiErrorShape['code'] = 'failed', details?: ApiErrorShape['details']): UserError {
  const { text, message } = said(code, params);
  return new UserError(text, errorCode, undefined, details, message);
}

/** A UserError about one field of a form: the engine message as its sentence, the field's issue for the form. */
export function saidFieldError(code: MessageCode, params: MessageParams, errorCode: ApiErrorShape['code'], issue: { path: string; message: string }): UserError {
  const { text, message } = said(code, params);
  return new UserError(text, errorCode, [issue], undefined, message);
}

export const notFound = (what: string) => new UserError(what, 'not-found');
