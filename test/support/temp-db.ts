import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Connectors, type ConnectorRecord } from '../../src/main/core/connectors/connectors';
import { openDatabase, type Db } from '../../src/main/core/db/open';
import { dataFiles } from '../../src/main/core/paths';
import { FileSecretStore } from '../../src/main/core/secrets/file-secret-store';
import type { ConnectorInput } from '../../src/shared/model';

/** A fresh data folder in the OS temp dir, removed by `cleanup`. */
export function tempDir(prefix = 'canopy-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A connector created as the operator creates one: validated by Connectors.create, its token in the data
 * folder's secret store (the folder of `db`'s file). Unless given, a customer-id connector named "Test".
 */
export async function createConnector(db: Db, input: Partial<ConnectorInput> = {}): Promise<ConnectorRecord> {
  const { connector } = await connectorsOf(db).create({ name: 'Test', url: 'https://example.invalid/hook', token: 'test-token-abcd', ...input });
  return connectorsOf(db).byId(connector.id);
}

/** The engine's connectors of the data folder `db` lives in, on the given clock. */
export function connectorsOf(db: Db, now: () => number = Date.now): Connectors {
  return new Connectors(db, new FileSecretStore(dataFiles(dirname(db.name)).secrets), now);
}

/** A real SQLite file with one connector and one segment, for tests of the store. */
export async function dbWithSegment(): Promise<{ db: Db; connectorId: number; segmentId: number; dir: string; cleanup: () => void }> {
  const { dir, cleanup } = tempDir();
  const db = openDatabase(dataFiles(dir).database);
  const connector = await createConnector(db);
  const segmentId = connectorsOf(db).ensureSegment(connector, 'Welcome').id;
  return { db, connectorId: connector.id, segmentId, dir, cleanup: () => (db.close(), cleanup()) };
}
