import type { Api, ApiInput, ApiMethod, ApiOutputs } from '../../shared/api';
import i18n from 'i18next';
import { ApiError, toApiErrorShape } from './errors';
import { createHttpApi, takeConsoleSecret } from './http-api';

declare global {
  interface Window {
    api?: Api;
  }
}

let active: Api | null = null;

/**
 * The engine's API: `window.api` from the desktop app's preload, or, in the browser console, the HTTP
 * transport with the secret from the URL the console printed.
 */
export function api(): Api {
  if (active) return active;
  if (window.api) return (active = window.api);
  const secret = takeConsoleSecret();
  if (!secret) throw new ApiError({ message: i18n.t('console.noSecret'), code: 'failed' });
  return (active = createHttpApi(secret));
}

/** For tests: use this API instead of the one found on the page. */
export function setApi(next: Api | null): void {
  active = next;
}

/** Calls one method; whatever the transport threw comes back as an ApiError with the engine's sentence. */
export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  try {
    const fn = api()[method] as unknown as (input: ApiInput<M>) => Promise<ApiOutputs[M]>;
    return await fn(input);
  } catch (error) {
    throw error instanceof ApiError ? error : new ApiError(toApiErrorShape(error));
  }
}
