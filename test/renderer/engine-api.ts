import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Api } from '../../src/shared/api';
import { createEngine, type Engine, type EngineOptions } from '../../src/main/core/engine';
import { createHandlers, toApiError } from '../../src/main/core/handlers';

/**
 * `window.api` backed by a real engine on a temporary data folder: the handlers the console and the
 * desktop app call, with errors shaped as a transport delivers them. No fake of our own code.
 */
export function engineApi(options: Omit<EngineOptions, 'dataDir'> = {}): { api: Api; engine: Engine; dir: string; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-ui-'));
  const engine = createEngine({ dataDir: dir, ...options });
  const handlers = createHandlers(engine) as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  const api: Record<string, unknown> = {};
  for (const [method, handler] of Object.entries(handlers)) {
    api[method] = async (input: unknown) => {
      try {
        return await handler(input);
      } catch (error) {
        throw toApiError(error);
      }
    };
  }
  api.onEvent = (listener: Parameters<Api['onEvent']>[0]) => engine.onEvent(listener);
  api.resolveFile = async (file: { name: string }) => file.name;
  return {
    api: api as unknown as Api,
    engine,
    dir,
    close: () => {
      engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
