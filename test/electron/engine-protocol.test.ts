import { describe, expect, it } from 'vitest';
import { parseEngineToMain, parseMainToEngine } from '../../src/main/bridge/engine-protocol';

describe('messages from main to the engine process', () => {
  it('accepts init, request, secret-result, wake and shutdown', () => {
    for (const message of [
      { kind: 'init', dataDir: '/data', protectionWarning: null },
      { kind: 'request', id: 1, method: 'queue.status', input: {} },
      { kind: 'request', id: 2, method: 'imports.run', input: undefined },
      { kind: 'secret-result', id: 3, ok: true, value: 'tok' },
      { kind: 'secret-result', id: 4, ok: true, value: null },
      { kind: 'secret-result', id: 5, ok: false, message: 'Keychain locked' },
      { kind: 'wake' },
      { kind: 'shutdown' },
    ]) {
      expect(parseMainToEngine(message), JSON.stringify(message)).not.toBeNull();
    }
  });

  it('refuses anything else: unknown kinds, bad ids, missing fields', () => {
    for (const message of [
      null,
      'init',
      { kind: 'eval', code: 'process.exit()' },
      { kind: 'request', id: -1, method: 'queue.status' },
      { kind: 'request', id: 1.5, method: 'queue.status' },
      { kind: 'request', id: 1, method: '' },
      { kind: 'init', dataDir: '' , protectionWarning: null },
      { kind: 'secret-result', id: 1, ok: true },
    ]) {
      expect(parseMainToEngine(message), JSON.stringify(message)).toBeNull();
    }
  });
});

describe('messages from the engine process to main', () => {
  it('accepts ready, fatal, responses, events and secret requests', () => {
    for (const message of [
      { kind: 'ready' },
      { kind: 'fatal', message: 'The database was made by a newer Canopy Batch.' },
      { kind: 'response', id: 1, ok: true, result: [] },
      { kind: 'response', id: 1, ok: false, error: { message: 'No connector named X.', code: 'not-found' } },
      { kind: 'response', id: 1, ok: false, error: { message: 'Bad', code: 'invalid-input', issues: [{ path: 'batchSize', message: 'At most 600' }] } },
      { kind: 'event', event: { type: 'queue', queue: [] } },
      { kind: 'secret', id: 1, op: 'get', ref: 'connector-1' },
      { kind: 'secret', id: 2, op: 'set', ref: 'connector-1', secret: 'tok' },
    ]) {
      expect(parseEngineToMain(message), JSON.stringify(message)).not.toBeNull();
    }
  });

  it('keeps the whole event body (only its envelope is checked)', () => {
    const event = { type: 'import-progress', jobId: 'j', rowsRead: 10, bytesRead: 100, totalBytes: 1000 };
    expect(parseEngineToMain({ kind: 'event', event })).toEqual({ kind: 'event', event });
  });

  it('refuses unknown event types, error codes and secret operations', () => {
    for (const message of [
      { kind: 'event', event: { type: 'shell' } },
      { kind: 'response', id: 1, ok: false, error: { message: 'x', code: 'teapot' } },
      { kind: 'secret', id: 1, op: 'list', ref: '*' },
      { kind: 'secret', id: 1, op: 'get', ref: '' },
    ]) {
      expect(parseEngineToMain(message), JSON.stringify(message)).toBeNull();
    }
  });
});
