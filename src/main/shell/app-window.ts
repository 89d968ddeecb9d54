/**
 * The window and everything that keeps it safe: the app:// protocol serving the built screens with a strict
 * CSP, navigation and new windows denied, permissions denied, a sandboxed preload. The decisions themselves are
 * the pure functions of security.ts.
 */
import { readFile } from 'node:fs/promises';
import { BrowserWindow, Menu, app, protocol, session, shell, type MenuItemConstructorOptions, type WebContents } from 'electron';
import {
  APP_SCHEME,
  allowExternal,
  allowPermission,
  contentSecurityPolicy,
  isAppUrl,
  mimeTypeFor,
  resolveAppFile,
  secureWebPreferences,
  withContentSecurityPolicy,
} from './security';

/** Must run before `ready`: app:// behaves like https (standard, secure origin, fetch). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer (out/renderer) on app://canopy-batch/, each response with the CSP. */
export function serveRenderer(rendererDir: string, policy: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      // Electron's fs reads from inside app.asar as well as from a plain folder.
      const body = await readFile(file);
      return new Response(body, {
        status: 200,
        headers: { 'Content-Type': mimeTypeFor(file), 'Content-Security-Policy': policy, 'X-Content-Type-Options': 'nosniff' },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/** Session-wide guards: the CSP on every app page (the dev server's too), and no permission but the clipboard write. */
export function hardenSession(appBase: string, devServerUrl: string | null): void {
  const policy = contentSecurityPolicy(devServerUrl);
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, appBase)) return callback({});
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowPermission(permission, details.requestingUrl, appBase)));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowPermission(permission, requestingOrigin, appBase));
}

/** Every web contents the app ever creates: no navigation away, no new windows, no webviews. */
export function guardWebContents(appBase: string): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => {
      if (isAppUrl(event.url, appBase)) return;
      event.preventDefault();
      openExternally(event.url);
    });
    contents.on('will-redirect', (event) => {
      if (!isAppUrl(event.url, appBase)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

function openExternally(url: string): void {
  if (allowExternal(url)) void shell.openExternal(url);
}

export interface WindowOptions {
  preloadPath: string;
  iconPath: string;
  /** The dev server's URL (electron-vite dev) or app://canopy-batch/index.html. */
  startUrl: string;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Canopy Batch',
    width: 1280,
    height: 840,
    minWidth: 960,
    minHeight: 600,
    show: false,
    icon: options.iconPath,
    autoHideMenuBar: true,
    webPreferences: { preload: options.preloadPath, ...secureWebPreferences(app.isPackaged) },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.startUrl);
  return window;
}

/** A small menu: macOS needs the Edit roles for copy and paste; reload and dev tools only while developing. */
export function installMenu(): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'editMenu' },
    ...(app.isPackaged ? [] : [{ role: 'viewMenu' as const }]),
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
