/**
 * The engine process's SecretStore: each call is a `secret` message to Electron's main process, which owns
 * safeStorage, answered by a `secret-result` with the same id. Plain Node (no electron import).
 */
import type { SecretStore } from '../core/secrets/secret-store';
import type { SecretMessage, SecretResultMessage } from './engine-protocol';

const ANSWER_TIMEOUT_MS = 15_000;

interface Waiting {
  resolve: (value: string | null) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class RemoteSecretStore implements SecretStore {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  constructor(
    private readonly send: (message: SecretMessage) => void,
    readonly protectionWarning: string | null,
  ) {}

  get(ref: string): Promise<string | null> {
    return this.ask({ op: 'get', ref });
  }

  async set(ref: string, secret: string): Promise<void> {
    await this.ask({ op: 'set', ref, secret });
  }

  async delete(ref: string): Promise<void> {
    await this.ask({ op: 'delete', ref });
  }

  /** Called with each `secret-result` from main. */
  settle(message: SecretResultMessage): void {
    const waiting = this.waiting.get(message.id);
    if (!waiting) return;
    this.waiting.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new Error(message.message));
  }

  private ask(request: Pick<SecretMessage, 'op' | 'ref' | 'secret'>): Promise<string | null> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('The desktop app did not answer a request for a connector token in time.'));
      }, ANSWER_TIMEOUT_MS);
      timer.unref?.();
      this.waiting.set(id, { resolve, reject, timer });
      this.send({ kind: 'secret', id, ...request });
    });
  }
}

/** Main's side: carries out one secret message against the real store and builds the answer. */
export async function answerSecret(store: SecretStore, message: SecretMessage): Promise<SecretResultMessage> {
  try {
    if (message.op === 'get') return { kind: 'secret-result', id: message.id, ok: true, value: await store.get(message.ref) };
    if (message.op === 'set') {
      if (message.secret === undefined) throw new Error('A token to store is missing.');
      await store.set(message.ref, message.secret);
    } else {
      await store.delete(message.ref);
    }
    return { kind: 'secret-result', id: message.id, ok: true, value: null };
  } catch (error) {
    return { kind: 'secret-result', id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
