// Types for scripts/start-lib.mjs (plain ESM so `npm start` can run it before anything is compiled).
type Env = Record<string, string | undefined>;

export type StartPlan = 'electron' | 'install' | 'browser';
export declare function planStart(input: { hasElectron: boolean; triedInstall: boolean; argv: string[]; env: Env }): StartPlan;
export declare function browserFallbackLine(input: { argv: string[]; env: Env; installOutput?: string }): string;
export declare function installReason(output: string): string;
export declare function browserOpener(input: { platform: string; env: Env; url: string }): { command: string; args: string[] } | null;
export declare function consoleUrl(text: string): string | null;
