import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Api } from '../../src/shared/api';
import { setApi } from '../../src/renderer/api/client';
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

/**
 * The screens of each test in this file on a fresh engineApi: set as the screens' API before each test, closed
 * after it. The returned object reads the current test's engine.
 */
export function screensOnEngine(options: Omit<EngineOptions, 'dataDir'> = {}): { readonly api: Api; readonly engine: Engine; readonly dir: string } {
  let current: ReturnType<typeof engineApi> | null = null;
  beforeEach(() => {
    current = engineApi(options);
    setApi(current.api);
  });
  afterEach(() => {
    setApi(null);
    current?.close();
    current = null;
  });
  const now = () => {
    if (!current) throw new Error('screensOnEngine is read inside a test only');
    return current;
  };
  return {
    get api() {
      return now().api;
    },
    get engine() {
      return now().engine;
    },
    get dir() {
      return now().dir;
    },
  };
}
