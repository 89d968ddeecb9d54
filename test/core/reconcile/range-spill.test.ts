import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RangeSpill, SPILL_WORDS } from '../../../src/main/core/reconcile/range-spill';

describe('RangeSpill', () => {
  it('gives back each range its records in the order added, however they were written out, and leaves no file', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.array(fc.nat({ max: 0xffffffff }), { minLength: SPILL_WORDS, maxLength: SPILL_WORDS })), { maxLength: 60 }),
        (ranges, perWrite, adds) => {
          // A few records per write: ranges end with records in memory and on disk, of different sizes.
          const spill = new RangeSpill(ranges, perWrite);
          const expected: number[][] = Array.from({ length: ranges }, () => []);
          for (const [to, words] of adds) {
            const range = to % ranges;
            spill.add(range, Uint32Array.from(words.slice(0, 3)), 0, words[3], words[4], words[5]);
            expected[range].push(...words);
          }
          for (let range = ranges - 1; range >= 0; range--) {
            // Each part is read into the same memory: copied before the next is read.
            const got: number[] = [];
            for (const part of spill.take(range)) got.push(...part);
            expect(got).toEqual(expected[range]);
          }
          const dir = (spill as unknown as { dir: string }).dir;
          spill.dispose();
          expect(existsSync(dir)).toBe(false);
        },
      ),
    );
  });
});
