/**
 * The schema the migrations build is committed (schema.snapshot.json): a change to the schema shows up in review
 * as a change to that file, and one made without a migration (or without regenerating the file) fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { SCHEMA_SNAPSHOT_COMMAND, SCHEMA_SNAPSHOT_FILE, databaseAt, describeSchema, type SchemaDescription } from '../../support/schema';

const committed = JSON.parse(readFileSync(SCHEMA_SNAPSHOT_FILE, 'utf8')) as SchemaDescription;

describe('the schema snapshot', () => {
  it('is the schema the migrations build today', () => {
    const db = databaseAt(migrations.length);
    try {
      expect(
        describeSchema(db),
        `The schema changed without a migration/snapshot update: run \`${SCHEMA_SNAPSHOT_COMMAND}\` and commit ` +
          'test/core/db/schema.snapshot.json with the migration that changes it (a released migration never changes: add a new one).',
      ).toEqual(committed);
    } finally {
      db.close();
    }
  });

  it('names the schema version it was taken at: a new migration means a new snapshot', () => {
    expect(committed.userVersion, `A migration was added: run \`${SCHEMA_SNAPSHOT_COMMAND}\`.`).toBe(migrations.length);
  });

  it('records every table with its columns, indexes and foreign keys', () => {
    expect(Object.keys(committed.tables)).toEqual(expect.arrayContaining(['connectors', 'segments', 'delivered', 'pending', 'settings']));
    expect(committed.tables.pending.foreignKeys).toContainEqual({ table: 'batches', from: 'held_by', to: 'id', onUpdate: 'NO ACTION', onDelete: 'SET NULL' });
    expect(committed.tables.pending.indexes.find((index) => index.name === 'pending_queue')).toMatchObject({ partial: true, columns: ['connector_id', 'segment_id', 'customer_id', 'held_by'] });
    expect(committed.tables.segments.columns.map((column) => column.name)).toContain('removal_guard_percent');
  });
});
