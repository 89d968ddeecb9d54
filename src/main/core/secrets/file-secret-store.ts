import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretStore } from './secret-store';

/**
 * Secrets for headless use, in a JSON file only the user can read (mode 0600), replaced atomically.
 * Not encrypted: the protection is the file's permissions, and `protectionWarning` says so.
 */
export class FileSecretStore implements SecretStore {
  readonly protectionWarning = 'Tokens are kept in a file readable only by you, not encrypted by the operating system.';

  constructor(private readonly file: string) {}

  async get(ref: string): Promise<string | null> {
    return this.read()[ref] ?? null;
  }

  async set(ref: string, secret: string): Promise<void> {
    this.write({ ...this.read(), [ref]: secret });
  }

  async delete(ref: string): Promise<void> {
    const secrets = this.read();
    delete secrets[ref];
    this.write(secrets);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    if (process.platform !== 'win32' && (statSync(this.file).mode & 0o077) !== 0) chmodSync(this.file, 0o600);
    return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
  }

  private write(secrets: Record<string, string>): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(secrets), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}
