import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../src/main/core/secrets/file-secret-store';
import {
  SAFE_SECRETS_FILE,
  SafeStorageSecretStore,
  UNAVAILABLE_WARNING,
  createDesktopSecretStore,
  protectionWarningFor,
  type StringEncryptor,
} from '../../src/main/shell/secrets-safe-storage';
import { tempDir } from '../support/temp-db';

/** Stands in for Electron's safeStorage (which exists only inside Electron): a reversible scramble. */
function fakeSafeStorage(backend = 'gnome_libsecret', available = true): StringEncryptor {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from(`v10${Buffer.from(text).toString('hex').split('').reverse().join('')}`),
    decryptString: (blob) => Buffer.from(blob.toString().slice(3).split('').reverse().join(''), 'hex').toString(),
    getSelectedStorageBackend: () => backend,
  };
}

const TOKEN = 'sk-live-0123456789abcdef';
let ctx: ReturnType<typeof tempDir>;
beforeEach(() => (ctx = tempDir('canopy-electron-')));
afterEach(() => ctx.cleanup());

describe('the safeStorage secret store', () => {
  it('keeps tokens only as encrypted base64 blobs in secrets.safe.json, readable only by the user', async () => {
    const file = join(ctx.dir, SAFE_SECRETS_FILE);
    const store = new SafeStorageSecretStore(file, fakeSafeStorage(), null, 'linux');
    await store.set('connector-1', TOKEN);

    expect(await store.get('connector-1')).toBe(TOKEN);
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(TOKEN);
    expect(Buffer.from(JSON.parse(stored)['connector-1'], 'base64').toString()).toMatch(/^v10/);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('forgets a deleted token and answers null for one it never had', async () => {
    const store = new SafeStorageSecretStore(join(ctx.dir, SAFE_SECRETS_FILE), fakeSafeStorage(), null, 'linux');
    await store.set('connector-1', TOKEN);
    await store.delete('connector-1');
    expect(await store.get('connector-1')).toBeNull();
    expect(await store.get('never-set')).toBeNull();
  });

  it('reads a token the command line saved in the plain file, and removes that plain copy once it is set here', async () => {
    const plain = new FileSecretStore(join(ctx.dir, 'secrets.json'));
    await plain.set('connector-1', TOKEN);
    const store = new SafeStorageSecretStore(join(ctx.dir, SAFE_SECRETS_FILE), fakeSafeStorage(), plain, 'linux');

    expect(await store.get('connector-1')).toBe(TOKEN);
    await store.set('connector-1', 'new-token-9999');
    expect(await plain.get('connector-1')).toBeNull();
    expect(await store.get('connector-1')).toBe('new-token-9999');
  });

  it('says what is wrong when the file is damaged, without showing its content', async () => {
    const file = join(ctx.dir, SAFE_SECRETS_FILE);
    writeFileSync(file, JSON.stringify({ 'connector-1': 42 }), { mode: 0o600 });
    const store = new SafeStorageSecretStore(file, fakeSafeStorage(), null, 'linux');
    await expect(store.get('connector-1')).rejects.toThrow(/secrets\.safe\.json is damaged/);
  });
});

describe('the protection warning', () => {
  it('says plainly that tokens are not OS-protected on Linux with the basic_text backend', () => {
    const warning = protectionWarningFor('linux', 'basic_text');
    expect(warning).toMatch(/not protected by the operating system/);
    expect(new SafeStorageSecretStore(join(ctx.dir, 'x.json'), fakeSafeStorage('basic_text'), null, 'linux').protectionWarning).toBe(warning);
  });

  it('is absent with a real keyring, on macOS and on Windows', () => {
    expect(protectionWarningFor('linux', 'gnome_libsecret')).toBeNull();
    expect(protectionWarningFor('linux', 'kwallet6')).toBeNull();
    expect(protectionWarningFor('darwin', null)).toBeNull();
    expect(protectionWarningFor('win32', null)).toBeNull();
  });
});

describe('the desktop app store choice', () => {
  it('encrypts with safeStorage when the OS offers it', async () => {
    const store = createDesktopSecretStore(ctx.dir, fakeSafeStorage(), 'linux');
    await store.set('connector-1', TOKEN);
    expect(existsSync(join(ctx.dir, SAFE_SECRETS_FILE))).toBe(true);
    expect(existsSync(join(ctx.dir, 'secrets.json'))).toBe(false);
    expect(store.protectionWarning).toBeNull();
  });

  it('falls back to the user-only plain file, and says so, when encryption is not available', async () => {
    const store = createDesktopSecretStore(ctx.dir, fakeSafeStorage('unknown', false), 'linux');
    await store.set('connector-1', TOKEN);
    expect(await new FileSecretStore(join(ctx.dir, 'secrets.json')).get('connector-1')).toBe(TOKEN);
    expect(store.protectionWarning).toBe(UNAVAILABLE_WARNING);
  });
});
