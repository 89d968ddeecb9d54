/**
 * The engine's side of the engine process: waits for `init`, creates the engine and its handlers, answers
 * requests, forwards engine events, starts the scheduler, and wakes it after the machine slept.
 * Plain Node (no electron import): engine-process.ts connects it to the utility process's parent port, and
 * the tests connect it to an in-memory port.
 */
import { createEngine, type Engine } from '../core/engine';
import { createHandlers, toApiError, type Handlers } from '../core/handlers';
import type { ApiErrorShape } from '../../shared/api';
import { SHUTDOWN_DEADLINE_MS, parseMainToEngine, type EngineToMain, type MainToEngine } from './engine-protocol';
import { RemoteSecretStore } from './remote-secret-store';

export interface HostPort {
  postMessage(message: EngineToMain): void;
  onMessage(listener: (message: unknown) => void): void;
}

export interface HostOptions {
  /** Called after `shutdown` closed the engine (process.exit in the utility process). */
  exit?: () => void;
  log?: (text: string) => void;
  /** Start the scheduler (the app does; tests that drive flushes themselves may not). Default true. */
  startScheduler?: boolean;
}

export function runEngineHost(port: HostPort, options: HostOptions = {}): void {
  const log = options.log ?? ((text: string) => console.error(`[engine] ${text}`));
  let secrets: RemoteSecretStore | null = null;
  let started: Promise<{ engine: Engine; handlers: Handlers }> | null = null;
  let startFailure: ApiErrorShape | null = null;

  const start = (message: Extract<MainToEngine, { kind: 'init' }>) => {
    secrets = new RemoteSecretStore((m) => port.postMessage(m), message.protectionWarning);
    const engine = createEngine({ dataDir: message.dataDir, secrets, nativeBinding: message.nativeBinding });
    const handlers = createHandlers(engine);
    engine.onEvent((event) => port.postMessage({ kind: 'event', event }));
    if (options.startScheduler !== false) engine.scheduler.start();
    if (options.startScheduler !== false) engine.watches.start();
    return { engine, handlers };
  };

  const answer = async (id: number, method: string, input: unknown) => {
    if (startFailure || !started) {
      const error = startFailure ?? { message: 'The engine has not been started.', code: 'failed' as const };
      port.postMessage({ kind: 'response', id, ok: false, error });
      return;
    }
    try {
      const { handlers } = await started;
      const handler = Object.hasOwn(handlers, method) ? handlers[method as keyof Handlers] : undefined;
      if (!handler) throw new Error(`There is no API method named ${method}.`);
      const result = await handler(input);
      port.postMessage({ kind: 'response', id, ok: true, result });
    } catch (error) {
      port.postMessage({ kind: 'response', id, ok: false, error: toApiError(error) });
    }
  };

  const shutdown = async () => {
    try {
      if (started && !startFailure) {
        const { engine } = await started;
        await engine.scheduler.stop({ deadlineMs: SHUTDOWN_DEADLINE_MS });
        await engine.watches.stop();
        engine.close();
      }
    } catch (error) {
      log(`closing the engine failed: ${(error as Error).message}`);
    } finally {
      options.exit?.();
    }
  };

  port.onMessage((raw) => {
    const message = parseMainToEngine(raw);
    if (!message) {
      log('ignored a message that is not part of the engine protocol');
      return;
    }
    switch (message.kind) {
      case 'init':
        if (started) return log('ignored a second init');
        try {
          started = Promise.resolve(start(message));
          port.postMessage({ kind: 'ready' });
        } catch (error) {
          startFailure = toApiError(error);
          started = Promise.reject(error);
          started.catch(() => undefined);
          port.postMessage({ kind: 'fatal', message: startFailure.message });
        }
        return;
      case 'request':
        void answer(message.id, message.method, message.input);
        return;
      case 'secret-result':
        secrets?.settle(message);
        return;
      case 'wake':
        void wake();
        return;
      case 'shutdown':
        void shutdown();
        return;
    }
  });

  async function wake() {
    if (!started || startFailure) return;
    // After a sleep the due times lie in the past: the scheduler looks again at once and runs them.
    (await started).engine.scheduler.wake();
  }
}
