/**
 * One way to reach SQLite, as the linter enforces it (eslint.config.js, rule of db/sql.ts): the engine's
 * fixed statements go through sql(), with the row mode as an argument. Each snippet is linted as a file of
 * the engine through ESLint's Node API and the project's real config.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const USE_SQL = 'A statement with fixed text goes through sql(db, text) from db/sql.ts';
const PASS_THE_MODE = "Pass the row mode to sql(db, text, 'pluck' | 'raw')";
const ENGINE_FILE = 'src/main/core/reconcile/extra.ts';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

const file = (body: string) =>
  `import type { Db } from '../db/open';\nimport { sql } from '../db/sql';\nexport const read = (db: Db, table: string) => ${body};\nexport const used = sql;\n`;

/** This rule's problems only (a snippet may leave its parameter unused). */
async function problemsOf(body: string, filePath = ENGINE_FILE): Promise<string[]> {
  const [result] = await eslint.lintText(file(body), { filePath });
  return result.messages.filter((message) => message.ruleId === 'no-restricted-syntax').map((message) => `${message.ruleId}: ${message.message}`);
}

describe('one way to reach SQLite', () => {
  it.each([
    ["db.prepare('SELECT 1 FROM segments WHERE id = ?').get(1)", USE_SQL],
    ['db.prepare(`SELECT 1 FROM segments WHERE id = ?`).get(1)', USE_SQL],
    ["sql(db, 'SELECT id FROM segments').pluck().all()", PASS_THE_MODE],
    ["sql(db, 'SELECT id FROM segments').raw(true).all()", PASS_THE_MODE],
  ])('refuses %s', async (body, sentence) => {
    const problems = await problemsOf(body);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('no-restricted-syntax');
    expect(problems[0]).toContain(sentence);
  });

  it.each([
    "sql(db, 'SELECT id FROM segments', 'pluck').all()",
    "sql(db, 'SELECT id FROM segments WHERE id = ?').get(1)",
    // A TEMP table named per import: the text never repeats, so a cache would only grow.
    'db.prepare(`SELECT count(*) FROM temp.${table}`).get()',
  ])('lets %s through', async (body) => {
    expect(await problemsOf(body)).toEqual([]);
  });

  it('leaves migrations and db/sql.ts itself to db.prepare', async () => {
    const body = "db.prepare('SELECT id FROM segment_state').all()";
    expect(await problemsOf(body, 'src/main/core/db/migrations/099-extra.ts')).toEqual([]);
    expect(await problemsOf(body, 'src/main/core/db/sql.ts')).toEqual([]);
  });
});
