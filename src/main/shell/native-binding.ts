/**
 * Which better-sqlite3 native module the engine process loads. node_modules holds the build for Node (the tests
 * and the CLI use it); in a checkout, `npm start` first builds one for Electron into .electron-native/<version>/
 * (scripts/electron-native.mjs, same folder layout). Packaged apps need none: electron-builder rebuilt node_modules.
 */
import { join } from 'node:path';

export const ELECTRON_NATIVE_DIR = '.electron-native';

export function electronNativeBindingPath(appPath: string, electronVersion: string): string {
  return join(appPath, ELECTRON_NATIVE_DIR, electronVersion, 'better_sqlite3.node');
}

export interface NativeBindingContext {
  isPackaged: boolean;
  /** app.getAppPath(): the checkout's root when run with `electron-vite dev` or `electron .`. */
  appPath: string;
  electronVersion: string;
  exists: (path: string) => boolean;
}

/**
 * The binding to pass to the engine, or undefined for better-sqlite3's own. A checkout without the Electron build
 * gets undefined too: the engine then fails with NODE_MODULE_VERSION, which engineFailureText explains.
 */
export function engineNativeBinding(context: NativeBindingContext): string | undefined {
  if (context.isPackaged) return undefined;
  const binding = electronNativeBindingPath(context.appPath, context.electronVersion);
  return context.exists(binding) ? binding : undefined;
}
