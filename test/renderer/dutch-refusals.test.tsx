// @vitest-environment jsdom
import './setup';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/i18n';
import { wordError } from '../../src/renderer/i18n/say';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { english, englishFormats } from '../../src/shared/messages';
import type { ApiErrorShape } from '../../src/shared/api';
import { engineApi } from './engine-api';

let backend: ReturnType<typeof engineApi>;
let sandbox: Sandbox;

beforeEach(async () => {
  backend = engineApi();
  sandbox = await startSandbox({ token: 'dutch-refusals-token' });
});
afterEach(async () => {
  await i18n.changeLanguage('en');
  backend.close();
  await sandbox.close();
});

/** What the screens receive for the refusal of `work`. */
async function refusal(work: () => Promise<unknown>): Promise<ApiErrorShape> {
  const error = await work().then(
    () => null,
    (e: unknown) => e as ApiErrorShape,
  );
  if (!error) throw new Error('expected a refusal');
  expect(english(error.sentence!, englishFormats())).toBe(error.message); // the engine's English is its message's
  return error;
}

describe("the engine's refusals, through the engine, worded on a Dutch screen", () => {
  it('a record longer than 1 MB and an NDJSON line longer than 1 MB: the file and the line', async () => {
    const { api, dir } = backend;
    await api['connectors.create']({ name: 'Shop', url: sandbox.url, identifierType: 'hashed-email' });
    const csv = join(dir, 'huge.csv');
    writeFileSync(csv, `email,notes\nann@example.com,${'x'.repeat(1_200_000)}\n`);
    const ndjson = join(dir, 'huge.ndjson');
    writeFileSync(ndjson, `{"email": "ann@example.com"}\n{"email": "${'x'.repeat(1_200_000)}"}\n`);
    const record = await refusal(() => api['imports.run']({ file: csv, connector: 'Shop', segment: 'S' }));
    const line = await refusal(() => api['imports.run']({ file: ndjson, connector: 'Shop', segment: 'S' }));
    expect(record.message).toBe('"huge.csv" line 2 is a record longer than 1 MB; this does not look like a segment export.');

    await i18n.changeLanguage('nl');
    expect(wordError(record)).toBe('"huge.csv" regel 2 is een record van meer dan 1 MB; dit lijkt geen segmentexport.');
    expect(wordError(line)).toBe('"huge.ndjson" regel 2 is langer dan 1 MB; NDJSON vraagt één profiel per regel.');
  });

  it('a value map that sends a value Deployteq refuses: the mapping kind worded in Dutch', async () => {
    const { api, dir } = backend;
    await api['connectors.create']({ name: 'Shop', url: sandbox.url, identifierType: 'hashed-email' });
    const file = join(dir, 'gender.csv');
    writeFileSync(file, 'email,geslacht\nann@example.com,v\n');
    const error = await refusal(() => api['imports.run']({ file, connector: 'Shop', segment: 'S', map: { gender: 'geslacht' }, valueMaps: { geslacht: { v: 'vrouw' } } }));
    expect(error.message).toBe('The value map of "geslacht" (gender) sends "v" as "vrouw", which Deployteq does not accept: use MAN, WOMAN, FAMILY, NONBINARY, UNKNOWN, or reject the row.');

    await i18n.changeLanguage('nl');
    expect(wordError(error)).toContain('De waardekoppeling van "geslacht" (geslacht) stuurt "v" als "vrouw"');
  });

  it('an NDJSON file of which no line is a JSON object: the JSON value worded in Dutch', async () => {
    const { api, dir } = backend;
    await api['connectors.create']({ name: 'Shop', url: sandbox.url, identifierType: 'hashed-email' });
    const file = join(dir, 'arrays.ndjson');
    writeFileSync(file, '[1]\n[2]\n');
    const error = await refusal(() => api['imports.run']({ file, connector: 'Shop', segment: 'S', format: 'ndjson' }));
    expect(error.message).toBe('"arrays.ndjson" line 1, column 1: an array, not a JSON object; no line of the file is a JSON object.');
    await i18n.changeLanguage('nl');
    expect(wordError(error)).toBe('"arrays.ndjson" regel 1, kolom 1: een array, geen JSON-object; geen enkele regel van het bestand is een JSON-object.');
  });

  it('an identifier type that cannot change: both types worded in Dutch', async () => {
    const { api, dir } = backend;
    await api['connectors.create']({ name: 'Shop', url: sandbox.url });
    const file = join(dir, 'ids.csv');
    writeFileSync(file, 'customerId,firstName\n1,Ann\n');
    await api['imports.run']({ file, connector: 'Shop', segment: 'Welcome' });
    const error = await refusal(() => api['connectors.update']({ connector: 'Shop', patch: { identifierType: 'hashed-email' } }));
    expect(error.sentence).toMatchObject({ code: 'identifierTypeLocked', params: { from: 'customer-id', to: 'hashed-email' } });
    expect(error.message).toMatch(/^The identifier type of "Shop" cannot change from Customer ID to Hashed Email: /);
    await i18n.changeLanguage('nl');
    expect(wordError(error)).toMatch(/^Het identificatietype van "Shop" kan niet van klant-id naar gehasht e-mailadres: .* kent aan hun klant-id\./);
  });
});
