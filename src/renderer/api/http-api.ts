import { API_METHODS, type Api, type EngineEvent } from '../../shared/api';
import { httpErrorBodySchema } from '../../shared/errors';
import { SECRET_HEADER } from '../../shared/console';
import i18n from 'i18next';
import { ApiError } from './errors';

const SECRET_KEY = 'canopy-console-secret';

/**
 * The secret the console printed in its URL (`#secret=…` or `?secret=…`). It is moved into
 * sessionStorage and taken out of the address bar, so it is not bookmarked, shared or kept in history.
 */
export function takeConsoleSecret(location: Location = window.location, history: History = window.history): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('secret');
  const query = new URLSearchParams(location.search);
  const found = fromHash ?? query.get('secret');
  if (found) {
    sessionStorage.setItem(SECRET_KEY, found);
    query.delete('secret');
    const search = query.toString();
    history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
  }
  return found ?? sessionStorage.getItem(SECRET_KEY);
}

async function readError(response: Response): Promise<ApiError> {
  try {
    const body = httpErrorBodySchema.safeParse(await response.json());
    if (body.success) return new ApiError(body.data.error);
  } catch {
    // fall through to a generic sentence
  }
  if (response.status === 401) return new ApiError({ message: i18n.t('console.refused'), code: 'failed' });
  return new ApiError({ message: i18n.t('console.answered', { status: response.status }), code: 'failed' });
}

function unreachable(): ApiError {
  return new ApiError({ message: i18n.t('console.unreachable'), code: 'failed' });
}

/** Reads a text/event-stream with fetch (so the secret goes in a header, never in a URL), reconnecting after a drop. */
function streamEvents(base: string, secret: string, listener: (event: EngineEvent) => void): () => void {
  const abort = new AbortController();
  let delay = 500;
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const response = await fetch(`${base}/api/events`, { headers: { [SECRET_HEADER]: secret, accept: 'text/event-stream' }, signal: abort.signal });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        delay = 500;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = message
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trimStart())
              .join('\n');
            if (data) listener(JSON.parse(data) as EngineEvent);
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };
  void run();
  return () => abort.abort();
}

/** `window.api` for the loopback browser console: the same methods, over HTTP to the same engine handlers. */
export function createHttpApi(secret: string, base = ''): Api {
  const call = async (method: string, input: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw unreachable();
    }
    if (!response.ok) throw await readError(response);
    return response.json();
  };
  const api: Record<string, unknown> = Object.fromEntries(API_METHODS.map((method) => [method, (input: unknown) => call(method, input)]));
  const listeners = new Set<(event: EngineEvent) => void>();
  let stop: (() => void) | null = null;
  api.onEvent = (listener: (event: EngineEvent) => void) => {
    listeners.add(listener);
    stop ??= streamEvents(base, secret, (event) => listeners.forEach((l) => l(event)));
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        stop?.();
        stop = null;
      }
    };
  };
  api.resolveFile = async (file: Blob & { name: string }) => {
    let response: Response;
    try {
      response = await fetch(`${base}/api/upload`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'x-canopy-filename': encodeURIComponent(file.name), [SECRET_HEADER]: secret },
        body: file,
      });
    } catch {
      throw unreachable();
    }
    if (!response.ok) throw await readError(response);
    return ((await response.json()) as { path: string }).path;
  };
  return api as unknown as Api;
}
