/**
 * Where connector tokens live: never in the database, the log or any output. The engine holds only a
 * reference (connectors.secret_ref). Headless use keeps them in a user-only file (FileSecretStore); the
 * desktop app supplies an OS-encrypted store (Electron safeStorage) behind the same interface.
 */
export interface SecretStore {
  get(ref: string): Promise<string | null>;
  set(ref: string, secret: string): Promise<void>;
  delete(ref: string): Promise<void>;
  /** A sentence for the operator when secrets are not OS-protected, else null. */
  readonly protectionWarning: string | null;
}
