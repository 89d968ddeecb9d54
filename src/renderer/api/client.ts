import { API_METHODS, type Api, type ApiInput, type ApiMethod, type ApiOutputs, type BridgeApi } from '../../shared/api';
import { ApiError, toApiErrorShape, unwrapEnvelope } from './errors';
import i18n from 'i18next';
import { createHttpApi, takeConsoleSecret } from './http-api';

declare global {
  interface Window {
    api?: BridgeApi;
  }
}

let active: Api | null = null;

/**
 * The engine's API: `window.api` from the desktop app's preload, or, in the browser console, the HTTP
 * transport with the secret from the URL the console printed.
 */
export function api(): Api {
  if (active) return active;
  if (window.api) return (active = fromBridge(window.api));
  const secret = takeConsoleSecret();
  if (!secret) throw new ApiError({ message: i18n.t('console.noSecret'), code: 'failed' });
  return (active = createHttpApi(secret));
}

/** The desktop preload's `window.api` as an Api: each reply's envelope unwrapped, its error thrown as an ApiError. */
export function fromBridge(bridge: BridgeApi): Api {
  const methods = Object.fromEntries(
    API_METHODS.map((method) => [method, async (input: unknown) => unwrapEnvelope(await (bridge[method] as (input: unknown) => Promise<unknown>)(input), method)]),
  );
  return {
    ...methods,
    onEvent: (listener) => bridge.onEvent(listener),
    resolveFile: async (file) => unwrapEnvelope<string>(await bridge.resolveFile(file), 'resolveFile'),
  } as Api;
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
