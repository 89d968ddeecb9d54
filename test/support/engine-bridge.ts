import { API_METHODS, type BridgeApi, type EngineEvent } from '../../src/shared/api';
import { dataFiles } from '../../src/main/core/paths';
import { FileSecretStore } from '../../src/main/core/secrets/file-secret-store';
import { EngineClient } from '../../src/main/bridge/engine-client';
import { runEngineHost } from '../../src/main/bridge/engine-host';

/**
 * Main's EngineClient and the engine process's host on one in-memory channel that structured-clones every
 * message, as Electron's utility-process port does; `bridge` is `window.api` as the preload builds it (each
 * call resolves to main's envelope, handed on as it is). The engine and its SQLite file are real.
 */
export function startEngineBridge(dataDir: string): { client: EngineClient; bridge: BridgeApi; stop(): Promise<boolean> } {
  const toEngine: Array<(message: unknown) => void> = [];
  const toMain: Array<(message: unknown) => void> = [];
  const exitListeners: Array<(code: number) => void> = [];
  const listeners = new Set<(event: EngineEvent) => void>();
  const post = (to: Array<(message: unknown) => void>, message: unknown) => {
    const copy = structuredClone(message);
    setImmediate(() => to.forEach((listener) => listener(copy)));
  };
  runEngineHost(
    { postMessage: (message) => post(toMain, message), onMessage: (listener) => toEngine.push(listener) },
    { exit: () => setImmediate(() => exitListeners.forEach((listener) => listener(0))), startScheduler: false, log: () => undefined },
  );
  const client = new EngineClient(
    { postMessage: (message) => post(toEngine, message), onMessage: (listener) => toMain.push(listener), onExit: (listener) => exitListeners.push(listener) },
    { dataDir, secrets: new FileSecretStore(dataFiles(dataDir).secrets), onEvent: (event) => listeners.forEach((l) => l(event)), log: () => undefined },
  );
  const bridge = {
    ...Object.fromEntries(API_METHODS.map((method) => [method, (input: unknown) => client.request(method, structuredClone(input))])),
    onEvent: (listener: (event: EngineEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resolveFile: async (file: { name: string }) => ({ ok: true, value: file.name }),
  } as unknown as BridgeApi;
  return { client, bridge, stop: () => client.shutdown(5_000) };
}
