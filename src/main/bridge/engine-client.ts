/**
 * Main's side of the engine process: sends `init`, forwards API requests and matches their responses by id,
 * answers the engine's secret requests from main's SecretStore, and passes engine events on. When the engine
 * process ends, every waiting request fails with a sentence instead of hanging.
 * Plain Node (no electron import): index.ts connects it to a utilityProcess, the tests to an in-memory port.
 */
import type { ApiErrorShape, ApiMethod, ApiOutputs, EngineEvent } from '../../shared/api';
import type { SecretStore } from '../core/secrets/secret-store';
import { parseEngineToMain, type ApiEnvelope, type MainToEngine } from './engine-protocol';
import { answerSecret } from './remote-secret-store';

export interface ChildPort {
  postMessage(message: MainToEngine): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
}

export interface EngineClientOptions {
  dataDir: string;
  secrets: SecretStore;
  /** better-sqlite3's native module for Electron, when node_modules holds the Node build (a checkout). */
  nativeBinding?: string;
  onEvent: (event: EngineEvent) => void;
  /** The engine could not start; the sentence says why. */
  onFatal?: (message: string) => void;
  log?: (text: string) => void;
}

export const ENGINE_STOPPED: ApiErrorShape = {
  message: 'The engine process stopped unexpectedly; the request was not completed. Try again.',
  code: 'failed',
};

export class EngineClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (envelope: ApiEnvelope) => void>();
  private exited = false;
  private readonly exitWaiters: Array<() => void> = [];
  /** Resolves when the engine answered init: true when it is ready, false when it could not start. */
  readonly started: Promise<boolean>;

  constructor(
    private readonly port: ChildPort,
    private readonly options: EngineClientOptions,
  ) {
    let settleStarted: (ready: boolean) => void = () => undefined;
    this.started = new Promise((resolve) => (settleStarted = resolve));
    const log = options.log ?? ((text: string) => console.error(`[main] ${text}`));

    port.onMessage((raw) => {
      const message = parseEngineToMain(raw);
      if (!message) return log('ignored a message from the engine that is not part of the protocol');
      switch (message.kind) {
        case 'ready':
          return settleStarted(true);
        case 'fatal':
          settleStarted(false);
          return options.onFatal?.(message.message);
        case 'response': {
          const deliver = this.waiting.get(message.id);
          this.waiting.delete(message.id);
          return deliver?.(message.ok ? { ok: true, value: message.result } : { ok: false, error: message.error });
        }
        case 'event':
          return options.onEvent(message.event);
        case 'secret':
          void answerSecret(options.secrets, message).then((reply) => this.post(reply));
          return;
      }
    });

    port.onExit(() => {
      this.exited = true;
      settleStarted(false);
      for (const deliver of this.waiting.values()) deliver({ ok: false, error: ENGINE_STOPPED });
      this.waiting.clear();
      for (const waiter of this.exitWaiters.splice(0)) waiter();
    });

    this.post({
      kind: 'init',
      dataDir: options.dataDir,
      protectionWarning: options.secrets.protectionWarning,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Forwards one API call; the method name must have been checked by the caller (isApiMethod). */
  request(method: ApiMethod, input: unknown): Promise<ApiEnvelope> {
    if (this.exited) return Promise.resolve({ ok: false, error: ENGINE_STOPPED });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.post({ kind: 'request', id, method, input });
    });
  }

  /** For main's own use (tray, notifications): the result, or an Error with the engine's sentence. */
  async call<M extends ApiMethod>(method: M, input: unknown = {}): Promise<ApiOutputs[M]> {
    const envelope = await this.request(method, input);
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value as ApiOutputs[M];
  }

  /** After resume from sleep: the scheduler runs overdue flushes. */
  wake(): void {
    this.post({ kind: 'wake' });
  }

  /** Asks the engine to stop its scheduler and close the database; resolves when it exited or after `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<boolean> {
    if (this.exited) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      this.post({ kind: 'shutdown' });
    });
  }

  private post(message: MainToEngine): void {
    if (!this.exited) this.port.postMessage(message);
  }
}
