// Types for scripts/electron-native-lib.mjs (plain ESM so `npm start` can run it before anything is compiled).
export declare const ELECTRON_NATIVE_DIR: string;
export declare const BINDING_FILE: string;
export declare const MISSING_ELECTRON_MESSAGE: string;

export declare function electronNativeBinding(root: string, electronVersion: string): string;

export type ElectronNativePlan =
  | { action: 'missing-electron'; message: string }
  | { action: 'ready'; binding: string }
  | { action: 'build'; binding: string };

export declare function planElectronNative(input: {
  root: string;
  electronBinary: string | null;
  electronVersion: string | null;
  exists: (path: string) => boolean;
}): ElectronNativePlan;

export declare function prebuildInstallArgs(input: { electronVersion: string; arch: string; platform: string }): string[];
export declare function nodeGypArgs(input: { electronVersion: string; arch: string }): string[];
export declare function nodeGypCandidates(input: {
  env: Record<string, string | undefined>;
  execPath: string;
  localNodeGyp?: string | null;
}): string[];
