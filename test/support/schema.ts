/**
 * The database's schema and rows as plain data, in a stable order: for the committed schema snapshot
 * (test/core/db/schema.snapshot.json, written by scripts/schema-snapshot.ts) and the migration tests.
 */
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { migrate } from '../../src/main/core/db/migrate';

type Db = Database.Database;

export const SCHEMA_SNAPSHOT_FILE = fileURLToPath(new URL('../core/db/schema.snapshot.json', import.meta.url));
export const SCHEMA_SNAPSHOT_COMMAND = 'npm run schema:snapshot';

export interface SchemaDescription {
  userVersion: number;
  objects: Array<{ type: string; name: string; table: string; sql: string | null }>;
  tables: Record<string, TableDescription>;
}

interface TableDescription {
  columns: Array<{ name: string; type: string; notNull: boolean; default: string | null; primaryKey: number; hidden: number }>;
  indexes: Array<{ name: string; unique: boolean; origin: string; partial: boolean; columns: Array<string | null> }>;
  foreignKeys: Array<{ table: string; from: string; to: string | null; onUpdate: string; onDelete: string }>;
}

/** A database at `version`, built by the migrations alone (in memory unless a file is given). */
export function databaseAt(version: number, file = ':memory:'): Db {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  migrate(db, version);
  return db;
}

/** The tables, in name order (SQLite's own and FTS5's virtual table excluded; its shadow tables included). */
export function tableNames(db: Db): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
    .pluck()
    .all() as string[];
}

export function describeSchema(db: Db): SchemaDescription {
  const objects = db
    .prepare(
      `SELECT type, name, tbl_name AS "table", sql FROM sqlite_master
       WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name`,
    )
    .all() as SchemaDescription['objects'];
  const tables: Record<string, TableDescription> = {};
  for (const { name } of objects.filter((o) => o.type === 'table')) tables[name] = describeTable(db, name);
  return {
    userVersion: db.pragma('user_version', { simple: true }) as number,
    objects: objects.map((o) => ({ ...o, sql: o.sql === null ? null : o.sql.replace(/\s+/g, ' ').trim() })),
    tables,
  };
}

function describeTable(db: Db, table: string): TableDescription {
  const columns = db.prepare('SELECT cid, name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid').all(table) as Array<{
    name: string;
    type: string;
    notnull: number;
    dflt_value: string | null;
    pk: number;
    hidden: number;
  }>;
  const indexes = db.prepare('SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name').all(table) as Array<{
    name: string;
    unique: number;
    origin: string;
    partial: number;
  }>;
  const foreignKeys = db
    .prepare('SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY "table", "from", "to"')
    .all(table) as Array<{ table: string; from: string; to: string | null; on_update: string; on_delete: string }>;
  return {
    columns: columns.map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1, default: c.dflt_value, primaryKey: c.pk, hidden: c.hidden })),
    indexes: indexes.map((i) => ({
      name: i.name,
      unique: i.unique === 1,
      origin: i.origin,
      partial: i.partial === 1,
      columns: db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(i.name) as Array<string | null>,
    })),
    foreignKeys: foreignKeys.map((f) => ({ table: f.table, from: f.from, to: f.to, onUpdate: f.on_update, onDelete: f.on_delete })),
  };
}

/** The names of a table's columns, in order. */
export function columnsOf(db: Db, table: string): string[] {
  return db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[];
}

/** A table's rows on the given columns (all by default), ordered by every one of them. */
export function rowsOf(db: Db, table: string, columns = columnsOf(db, table)): unknown[][] {
  const list = columns.map((c) => `"${c}"`).join(', ');
  return db.prepare(`SELECT ${list} FROM "${table}" ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`).raw(true).all() as unknown[][];
}

/** Every table's rows: what "nothing changed" compares. */
export function allRows(db: Db): Record<string, unknown[][]> {
  return Object.fromEntries(tableNames(db).map((table) => [table, rowsOf(db, table)]));
}
