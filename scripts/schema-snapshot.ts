/**
 * Writes test/core/db/schema.snapshot.json: the schema the migrations build (test/support/schema.ts).
 * Run it (`npm run schema:snapshot`) after adding a migration, and commit the file with the migration.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { migrations } from '../src/main/core/db/migrations';
import { SCHEMA_SNAPSHOT_FILE, databaseAt, describeSchema } from '../test/support/schema';

const db = databaseAt(migrations.length);
try {
  writeFileSync(SCHEMA_SNAPSHOT_FILE, `${JSON.stringify(describeSchema(db), null, 2)}\n`);
  console.log(`Wrote ${relative(process.cwd(), SCHEMA_SNAPSHOT_FILE)} (schema version ${migrations.length}).`);
} finally {
  db.close();
}
