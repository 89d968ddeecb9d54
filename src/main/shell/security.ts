/**
 * The desktop app's security decisions as small pure functions, so they are unit-tested without Electron.
 * Every decision parses the URL with `new URL` and compares its parts; no string prefix checks.
 */
import { staticPath } from '../core/console/static-files';
import { API_METHODS, type ApiErrorShape, type ApiMethod } from '../../shared/api';

/** The built screens are served from this privileged scheme (not file://, whose origin is opaque). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'canopy-batch';
export const APP_BASE_URL = `${APP_SCHEME}://${APP_HOST}/`;
export const APP_INDEX_URL = `${APP_BASE_URL}index.html`;

function parse(url: string | null | undefined): URL | null {
  if (typeof url !== 'string' || url.length === 0) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether `url` belongs to the app's own pages: same scheme, host and port as `appBase` (the dev server's URL
 * or app://canopy-batch/). Origins are compared by parts because a custom scheme's `origin` is opaque ('null').
 */
export function isAppUrl(url: string | null | undefined, appBase: string): boolean {
  const candidate = parse(url);
  const base = parse(appBase);
  if (!candidate || !base) return false;
  if (candidate.username || candidate.password) return false;
  return candidate.protocol === base.protocol && candidate.hostname === base.hostname && candidate.port === base.port;
}

/**
 * The sites a link may open in the operator's browser: Deployteq's own (its site, help and documentation), which
 * the screens may point to. The screens link nowhere else, so a URL that arrived in data (an imported file, a
 * receiver's error body) can never make the app launch the browser at an arbitrary address.
 */
export const EXTERNAL_LINK_HOSTS = ['deployteq.com'] as const;

/** Whether a link may be opened in the browser: https on the default port, no credentials, an allowed site or its subdomain. */
export function allowExternal(url: string | null | undefined): boolean {
  const candidate = parse(url);
  if (!candidate || candidate.protocol !== 'https:' || candidate.username || candidate.password || candidate.port !== '') return false;
  const host = candidate.hostname.toLowerCase();
  return EXTERNAL_LINK_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

/**
 * The window's webPreferences that keep the page a plain, sandboxed web page (the preload path is added by
 * app-window.ts). Auxclick is off so a middle-click cannot open a window (Electronegativity AUXCLICK_JS_CHECK).
 */
export function secureWebPreferences(isPackaged: boolean) {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    disableBlinkFeatures: 'Auxclick',
    devTools: !isPackaged,
  } as const;
}

/** The one permission the screens use: writing to the clipboard (the payload preview's Copy), from the app only. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function allowPermission(permission: string, requestingUrl: string | null | undefined, appBase: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl, appBase);
}

/** Whether an IPC call names a method of the shared API (and not, say, `__proto__` or `constructor`). */
export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && (API_METHODS as readonly string[]).includes(method);
}

/**
 * The file under `rootDir` that an app:// URL asks for, or null when the URL is not the app's or would step
 * outside `rootDir` (`..`, encoded separators). The bare root serves index.html.
 */
export function resolveAppFile(url: string, rootDir: string): string | null {
  const candidate = parse(url);
  if (!candidate || !isAppUrl(url, APP_BASE_URL)) return null;
  return staticPath(rootDir, candidate.pathname);
}

/**
 * The Content-Security-Policy of the app's pages. Nothing may load from elsewhere; styles allow inline because
 * the component library (Mantine) sets CSS variables in style attributes. The dev server additionally needs
 * inline scripts (React Refresh's preamble) and its websocket for hot reload.
 */
export function contentSecurityPolicy(devServerUrl?: string | null): string {
  const dev = parse(devServerUrl ?? null);
  const devSocket = dev ? `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}` : null;
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', dev ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', devSocket ? ["'self'", devSocket] : ["'self'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['object-src', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Adds the CSP header to a response's headers, replacing any the server sent (in any letter case). */
export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
  policy: string,
): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}

export { mimeTypeFor } from '../core/console/static-files';

export interface ApiCallOrigin {
  /** URL of the frame that sent the IPC message, or null when it is gone. */
  frameUrl: string | null | undefined;
  /** Whether that frame is the window's top frame (not an iframe). */
  isTopFrame: boolean;
}

export type ApiCallCheck = { ok: true; method: ApiMethod } | { ok: false; error: ApiErrorShape };

/**
 * Main's check of every `api` IPC call before it reaches the engine: it comes from the app's own top frame,
 * and names a method of the shared API. The engine's handlers then validate the input with the zod schemas.
 */
export function checkApiCall(origin: ApiCallOrigin, method: unknown, appBase: string): ApiCallCheck {
  if (!origin.isTopFrame || !isAppUrl(origin.frameUrl, appBase)) {
    return { ok: false, error: { code: 'failed', message: 'Refused a call to the engine from a page that is not Canopy Batch.' } };
  }
  if (!isApiMethod(method)) {
    const name = typeof method === 'string' ? method.slice(0, 80) : typeof method;
    return { ok: false, error: { code: 'invalid-input', message: `There is no API method named ${name}.` } };
  }
  return { ok: true, method };
}
