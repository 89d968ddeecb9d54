/**
 * The member state's params hash (state-hash.ts): what an import compares, per row, to tell the rows that
 * changed. It must be equal exactly when the params are, be the same whichever way a row was read, and never
 * change between releases without a migration that rebuilds the states.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../../src/main/core/imports/records';
import { encodeParams } from '../../../src/main/core/reconcile/params';
import { writeStateHash } from '../../../src/main/core/reconcile/state-hash';
import type { IdentifierType, Param } from '../../../src/shared/model';
import { fixture } from '../imports/helpers';

const stateHash = (params: readonly Param[]): string => {
  const words = new Uint32Array(2);
  writeStateHash(params, words, 0);
  return `${words[0]}:${words[1]}`;
};

const param = fc.record({
  name: fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }),
  type: fc.constantFrom('string', 'number', 'boolean', 'date' as const),
  value: fc.string({ maxLength: 20, unit: 'binary' }),
}) as fc.Arbitrary<Param>;

describe('the member state’s params hash', () => {
  it('is equal for two lists of params exactly when their JSON is (no collision among thousands of lists)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.array(param, { maxLength: 6 }), { minLength: 2, maxLength: 400, selector: (params) => encodeParams(params).json }), (lists) => {
        const hashes = new Set(lists.map(stateHash));
        expect(hashes.size).toBe(lists.length);
        for (const params of lists) expect(stateHash(params.map((p) => ({ ...p })))).toBe(stateHash(params));
      }),
      { numRuns: 30 },
    );
  });

  it('tells a row from the same row with two params swapped, a param dropped or an empty value added', () => {
    const row: Param[] = [
      { name: 'city', type: 'string', value: 'Utrecht' },
      { name: 'tier', type: 'string', value: 'gold' },
    ];
    const variants: Param[][] = [row, [row[1], row[0]], [row[0]], [...row, { name: 'note', type: 'string', value: '' }], []];
    expect(new Set(variants.map(stateHash)).size).toBe(variants.length);
  });

  it('stays what it was in the release that stored it (a change needs a migration that rebuilds every state)', () => {
    expect(stateHash([])).toBe('3954623016:3221562269');
    expect(stateHash([{ name: 'city', type: 'string', value: 'Utrecht' }])).toBe('4114054449:2654431263');
    expect(stateHash([{ name: 'Geslacht', type: 'string', value: 'WOMAN' }, { name: 'score', type: 'number', value: '12' }])).toBe('4265079238:1260216054');
  });

  const exports: Array<[string, IdentifierType]> = [
    ['nl-excel-export.csv', 'hashed-email'],
    ['customer-ids.csv', 'customer-id'],
    ['hubspot-export.csv', 'hashed-email'],
    ['salesforce-contacts-report.csv', 'hashed-email'],
    ['mailchimp-audience.csv', 'hashed-email'],
    ['profiles.ndjson', 'customer-id'],
  ];
  for (const [name, identifierType] of exports) {
    it(`is what the reader folds row by row from cached values, for every row of ${name}`, async () => {
      let rows = 0;
      for await (const chunk of readRecords(fixture(name), { identifierType })) {
        for (const record of chunk) {
          if (record.stateHashA === undefined) continue; // NDJSON and removals: staging hashes their params
          expect(`${record.stateHashA}:${record.stateHashB}`, `line ${record.line}`).toBe(stateHash(record.params));
          rows++;
        }
      }
      if (!name.endsWith('.ndjson')) expect(rows).toBeGreaterThan(0);
    });
  }
});
