import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeParams, hashParams } from '../../../src/main/core/reconcile/params';
import type { Param } from '../../../src/shared/model';

const stringify = (params: Param[]) => JSON.stringify(params.map(({ name, type, value }) => ({ name, type, value })));

describe('encoding params', () => {
  it('writes exactly the JSON that is sent, for any names and values', () => {
    const param = fc.record({
      name: fc.string({ minLength: 1, unit: 'binary' }),
      type: fc.constantFrom('string', 'number', 'boolean', 'date' as const),
      value: fc.string({ unit: 'binary' }),
    });
    fc.assert(fc.property(fc.array(param, { maxLength: 8 }), (params) => encodeParams(params as Param[]).json === stringify(params as Param[])), { numRuns: 500 });
  });

  it('escapes quotes, backslashes, control characters and lone surrogates as JSON does', () => {
    const params: Param[] = [{ name: 'a"b', type: 'string', value: 'x\\y"z\n\t\u0001 \ud83d\ude00 \ud800 é' }];
    expect(encodeParams(params).json).toBe(stringify(params));
  });

  it('hashes the text, so equal params give equal hashes whatever other keys the objects had', () => {
    const extra = [{ name: 'n', type: 'string', value: 'v', extra: 1 }] as unknown as Param[];
    expect(encodeParams(extra)).toEqual(encodeParams([{ value: 'v', type: 'string', name: 'n' } as Param]));
    expect(encodeParams(extra).hash).toBe(hashParams('[{"name":"n","type":"string","value":"v"}]'));
  });
});
