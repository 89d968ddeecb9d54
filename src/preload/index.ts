/**
 * The only bridge between the screens and the desktop app: `window.api`, exactly the typed BridgeApi of
 * src/shared/api.ts. Each method is one `ipcRenderer.invoke('api', method, input)`; main checks the sender and
 * the method and the engine validates the input. ipcRenderer itself is never exposed.
 *
 * Sandboxed: bundled to one CommonJS file that requires nothing but 'electron' (only types come from src/shared).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ApiEnvelope, BridgeApi, EngineEvent } from '../shared/api';
import { PRELOAD_API_METHODS } from './api-methods';

/**
 * contextBridge would keep only a thrown Error's message, so nothing is thrown: each call resolves to main's
 * envelope ({ ok, value } or { ok, error }) as it is, and the renderer's api client (src/renderer/api/client.ts)
 * checks it and throws a typed ApiError in one place.
 */
function invoke(method: string, input: unknown): Promise<ApiEnvelope> {
  return ipcRenderer.invoke('api', method, input) as Promise<ApiEnvelope>;
}

const methods = Object.fromEntries(PRELOAD_API_METHODS.map((method) => [method, (input: unknown) => invoke(method, input)]));

const api = {
  ...methods,
  onEvent(listener: (event: EngineEvent) => void): () => void {
    const relay = (_event: IpcRendererEvent, engineEvent: EngineEvent) => listener(engineEvent);
    ipcRenderer.on('api:event', relay);
    return () => {
      ipcRenderer.removeListener('api:event', relay);
    };
  },
  async resolveFile(file: Blob & { name: string }): Promise<ApiEnvelope<string>> {
    const path = webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
    if (!path) return { ok: false, error: { code: 'failed', message: `${file.name} is not a file on this computer: save it to disk first, then pick it.` } };
    // Main lets imports read only the files the operator picked or dropped: tell it this one.
    await ipcRenderer.invoke('file:chosen', path);
    return { ok: true, value: path };
  },
} as BridgeApi;

contextBridge.exposeInMainWorld('api', api);
