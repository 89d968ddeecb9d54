/**
 * The only bridge between the screens and the desktop app: `window.api`, exactly the typed Api of
 * src/shared/api.ts. Each method is one `ipcRenderer.invoke('api', method, input)`; main checks the sender and
 * the method and the engine validates the input. ipcRenderer itself is never exposed.
 *
 * Sandboxed: bundled to one CommonJS file that requires nothing but 'electron' (only types come from src/shared).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Api, ApiErrorShape, EngineEvent } from '../shared/api';
import type { ApiEnvelope } from '../main/engine-protocol';
import { PRELOAD_API_METHODS } from './api-methods';

/**
 * contextBridge copies only an Error's message across to the page, so the message carries the whole
 * ApiErrorShape as JSON ({"message","code","issues"}); the renderer's api client (src/renderer/api/errors.ts)
 * turns it back into an ApiError with the sentence and the per-field issues for inline validation.
 */
function toError(error: ApiErrorShape): Error {
  const shape: ApiErrorShape = { message: error.message, code: error.code, ...(error.issues ? { issues: error.issues } : {}), ...(error.sentence ? { sentence: error.sentence } : {}) };
  return new Error(JSON.stringify(shape));
}

async function invoke(method: string, input: unknown): Promise<unknown> {
  const envelope = (await ipcRenderer.invoke('api', method, input)) as ApiEnvelope;
  if (!envelope.ok) throw toError(envelope.error);
  return envelope.result;
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
  async resolveFile(file: Blob & { name: string }): Promise<string> {
    const path = webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
    if (!path) throw new Error(`${file.name} is not a file on this computer: save it to disk first, then pick it.`);
    // Main lets imports read only the files the operator picked or dropped: tell it this one.
    await ipcRenderer.invoke('file:chosen', path);
    return path;
  },
} as Api;

contextBridge.exposeInMainWorld('api', api);
