/**
 * Electron's main process: lifecycle, the window, the tray and the IPC relay. The engine does not run here:
 * it runs in a utility process (engine-process.ts), so long imports never freeze the window. Main owns only
 * what must live in main: safeStorage (secrets-safe-storage.ts), notifications, the tray, power events.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindow, app, dialog, ipcMain, powerMonitor, safeStorage } from 'electron';
import type { EngineEvent } from '../../shared/api';
import { APP_NAME, defaultDataDir } from '../core/paths';
import { createMainWindow, guardWebContents, hardenSession, installMenu, registerAppScheme, serveRenderer } from './app-window';
import { engineFailureText, notificationFor } from './desktop-messages';
import { desktopSettingsFile, loadDesktopSettings, saveDesktopSettings, type DesktopSettings } from './desktop-settings';
import { EngineLauncher } from './engine-launcher';
import type { ApiEnvelope } from '../bridge/engine-protocol';
import { engineNativeBinding } from './native-binding';
import { createDesktopSecretStore } from './secrets-safe-storage';
import { APP_BASE_URL, APP_INDEX_URL, checkApiCall, contentSecurityPolicy } from './security';
import { AppTray, notify } from './tray';
import { ChosenFiles } from './chosen-files';
import appIconPath from '../../../resources/icon.png?asset';
import trayIconPath from '../../../resources/tray.png?asset';
import trayIcon2xPath from '../../../resources/tray@2x.png?asset';

const here = import.meta.dirname;

// The CLI and the app share one data folder (core/paths.ts); Electron's own profile lives there too.
app.setName(APP_NAME);
const dataDir = defaultDataDir();
app.setPath('userData', dataDir);
if (process.platform === 'win32') app.setAppUserModelId('com.canopybatch.desktop');

const devServerUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
const appBase = devServerUrl ?? APP_BASE_URL;

let mainWindow: BrowserWindow | null = null;
let tray: AppTray | null = null;
let launcher: EngineLauncher | null = null;
let quitting = false;
/** The files the operator picked or dropped: the only ones the window may import. */
const chosenFiles = new ChosenFiles();
let engineStopped = false;
let toldAboutTray = false;
const settingsFile = desktopSettingsFile(dataDir);
let settings: DesktopSettings = loadDesktopSettings(settingsFile);

app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another Canopy Batch runs (it shows its window, see second-instance): one queue, one scheduler.
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.whenReady().then(start, (error: Error) => fail(error.message));
}

function start(): void {
  guardWebContents(appBase);
  hardenSession(appBase, devServerUrl);
  if (!devServerUrl) serveRenderer(join(here, '../renderer'), contentSecurityPolicy(null));
  installMenu();

  const secrets = createDesktopSecretStore(dataDir, safeStorage);
  if (secrets.protectionWarning) console.warn(`[main] ${secrets.protectionWarning}`);
  launcher = new EngineLauncher({
    modulePath: join(here, 'engine.js'),
    dataDir,
    secrets,
    nativeBinding: engineNativeBinding({
      isPackaged: app.isPackaged,
      appPath: app.getAppPath(),
      electronVersion: process.versions.electron,
      exists: existsSync,
    }),
    onEvent: relayEvent,
    onFatal: fail,
  });
  launcher.start();

  ipcMain.handle('api', async (event, method: unknown, input: unknown): Promise<ApiEnvelope> => {
    const frame = event.senderFrame;
    const check = checkApiCall({ frameUrl: frame?.url, isTopFrame: !!frame && frame.parent === null }, method, appBase);
    if (!check.ok) return { ok: false, error: check.error };
    const refused = chosenFiles.refuse(check.method, input);
    if (refused) return { ok: false, error: refused };
    if (!launcher) return { ok: false, error: { code: 'failed', message: 'The engine is not running.' } };
    return launcher.engine.request(check.method, input);
  });

  // The preload reports each file the operator picked or dropped: the only files imports may read.
  ipcMain.handle('file:chosen', (event, path: unknown): boolean => {
    const frame = event.senderFrame;
    if (!checkApiCall({ frameUrl: frame?.url, isTopFrame: !!frame && frame.parent === null }, 'imports.inspect', appBase).ok) return false;
    return chosenFiles.add(path);
  });

  try {
    tray = new AppTray({
      iconPaths: { x1: trayIconPath, x2: trayIcon2xPath },
      engine: () => launcher!.engine,
      showWindow,
      quit: () => app.quit(),
      keepRunning: { get: () => settings.keepRunningInTray, set: (value) => updateSettings({ keepRunningInTray: value }) },
    });
  } catch (error) {
    // Some Linux desktops have no tray: then closing the window quits, or the scheduler would be out of reach.
    console.warn(`[main] no tray icon: ${(error as Error).message}`);
  }

  powerMonitor.on('resume', () => launcher?.wake());
  showWindow();
}

function showWindow(): void {
  if (!app.isReady()) return;
  if (!mainWindow || mainWindow.isDestroyed()) mainWindow = openWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function openWindow(): BrowserWindow {
  const window = createMainWindow({
    preloadPath: join(here, '../preload/index.cjs'),
    iconPath: appIconPath,
    startUrl: devServerUrl ?? APP_INDEX_URL,
  });
  window.on('close', (event) => {
    if (quitting || !tray || !settings.keepRunningInTray) return;
    event.preventDefault();
    window.hide();
    if (!toldAboutTray) {
      toldAboutTray = true;
      notify('Canopy Batch keeps sending', 'The queue is flushed on schedule from the tray icon. Quit there to stop.', showWindow);
    }
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  return window;
}

function relayEvent(event: EngineEvent): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send('api:event', event);
  if (event.type !== 'import-progress') tray?.refreshSoon();
  const notice = notificationFor(event);
  if (notice) notify(notice.title, notice.body, showWindow);
}

function updateSettings(patch: Partial<DesktopSettings>): void {
  settings = { ...settings, ...patch };
  saveDesktopSettings(settingsFile, settings);
}

function fail(message: string): void {
  dialog.showErrorBox('Canopy Batch cannot run its engine', engineFailureText(message));
}

app.on('window-all-closed', () => {
  // Reached only when the window really closed (no tray, or keepRunningInTray is off).
  app.quit();
});

app.on('activate', showWindow);

app.on('before-quit', () => {
  quitting = true;
});

app.on('will-quit', (event) => {
  if (engineStopped || !launcher) return;
  // Let the engine stop its scheduler and close the database cleanly first; an unacknowledged batch is resent later.
  event.preventDefault();
  tray?.destroy();
  tray = null;
  void launcher.stop().finally(() => {
    engineStopped = true;
    app.quit();
  });
});
