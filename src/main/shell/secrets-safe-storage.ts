/**
 * Connector tokens for the desktop app, encrypted with Electron's safeStorage (Keychain on macOS, DPAPI on
 * Windows, the Secret Service or KWallet on Linux): base64 blobs in `<dataDir>/secrets.safe.json`, mode 0600,
 * replaced atomically. safeStorage exists only in Electron's main process, so the engine's utility process
 * reaches this store through secret messages (see engine-protocol.ts and RemoteSecretStore).
 *
 * This file does not import electron: the encryptor is passed in (Electron's `safeStorage` in the app), so the
 * store is tested in plain Node.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { SecretStore } from '../core/secrets/secret-store';
import { FileSecretStore } from '../core/secrets/file-secret-store';
import { dataFiles } from '../core/paths';

/** The part of Electron's `safeStorage` this store uses. */
export interface StringEncryptor {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string;
}

export const SAFE_SECRETS_FILE = 'secrets.safe.json';

const blobFileSchema = z.record(z.string(), z.string());

/**
 * The sentence the operator sees when tokens are not protected by the operating system, else null.
 * Linux's `basic_text` backend encrypts with a fixed, publicly known key: as good as plain text.
 */
export function protectionWarningFor(platform: NodeJS.Platform, backend: string | null | undefined): string | null {
  if (platform !== 'linux' || backend !== 'basic_text') return null;
  return (
    'Your Linux desktop offers no keyring, so connector tokens are stored with a fixed key and are not protected by ' +
    'the operating system (only by your file permissions). Install and unlock a keyring such as GNOME Keyring or KWallet to protect them.'
  );
}

export const UNAVAILABLE_WARNING =
  "The operating system's secret storage is not available, so connector tokens are kept in a file readable only by you, not encrypted.";

export class SafeStorageSecretStore implements SecretStore {
  readonly protectionWarning: string | null;

  /**
   * @param fallback read-only source for tokens saved before, e.g. by the command line (FileSecretStore in the
   *   same data folder); a token set here is removed from it, so no plain copy stays behind.
   */
  constructor(
    private readonly file: string,
    private readonly encryptor: StringEncryptor,
    private readonly fallback: SecretStore | null = null,
    platform: NodeJS.Platform = process.platform,
  ) {
    const backend = platform === 'linux' ? encryptor.getSelectedStorageBackend?.() : null;
    this.protectionWarning = protectionWarningFor(platform, backend);
  }

  async get(ref: string): Promise<string | null> {
    const blob = this.read()[ref];
    if (blob !== undefined) return this.encryptor.decryptString(Buffer.from(blob, 'base64'));
    return this.fallback ? this.fallback.get(ref) : null;
  }

  async set(ref: string, secret: string): Promise<void> {
    const blob = this.encryptor.encryptString(secret).toString('base64');
    this.write({ ...this.read(), [ref]: blob });
    await this.forgetPlainCopy(ref);
  }

  async delete(ref: string): Promise<void> {
    const blobs = this.read();
    if (ref in blobs) {
      delete blobs[ref];
      this.write(blobs);
    }
    await this.forgetPlainCopy(ref);
  }

  /** Removes a token the CLI saved in plain text; touches the plain file only when it holds that token. */
  private async forgetPlainCopy(ref: string): Promise<void> {
    if (this.fallback && (await this.fallback.get(ref)) !== null) await this.fallback.delete(ref);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    if (process.platform !== 'win32' && (statSync(this.file).mode & 0o077) !== 0) chmodSync(this.file, 0o600);
    const parsed = blobFileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    if (!parsed.success) throw new Error(`The encrypted token file ${this.file} is damaged: it is not a map of names to blobs.`);
    return parsed.data;
  }

  private write(blobs: Record<string, string>): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(blobs), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}

/** The plain user-only file, with a warning that says why it is used: the OS secret storage was not available. */
function unprotectedFileStore(file: string): SecretStore {
  const store = new FileSecretStore(file);
  return {
    get: (ref) => store.get(ref),
    set: (ref, secret) => store.set(ref, secret),
    delete: (ref) => store.delete(ref),
    protectionWarning: UNAVAILABLE_WARNING,
  };
}

/**
 * The desktop app's secret store: safeStorage when the OS offers encryption (reading tokens the CLI saved in
 * the plain file as a fallback), else the plain user-only file, with a warning either way when unprotected.
 * Call after Electron's `ready` (safeStorage reports unavailable before it).
 */
export function createDesktopSecretStore(dataDir: string, encryptor: StringEncryptor, platform: NodeJS.Platform = process.platform): SecretStore {
  const plainFile = dataFiles(dataDir).secrets;
  if (!encryptor.isEncryptionAvailable()) return unprotectedFileStore(plainFile);
  return new SafeStorageSecretStore(join(dataDir, SAFE_SECRETS_FILE), encryptor, new FileSecretStore(plainFile), platform);
}
