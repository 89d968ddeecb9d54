import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HASH_WORDS, KEY_WORDS, MemberIndex, compareKeys } from '../../../src/main/core/reconcile/member-state';
import { MAX_PARTS, MemberOutcomes, UNSEEN } from '../../../src/main/core/reconcile/member-outcomes';

/** Whole keys sorted and made distinct, as a segment's state holds them. */
function sortedKeys(raw: Array<[number, number, number]>): Uint32Array {
  const keys = Uint32Array.from(raw.flat());
  const order = Array.from({ length: raw.length }, (_, i) => i).sort((a, b) => compareKeys(keys, a, keys, b));
  const unique = order.filter((i, n) => n === 0 || compareKeys(keys, i, keys, order[n - 1]) !== 0);
  return Uint32Array.from(unique.flatMap((i) => Array.from(keys.subarray(i * KEY_WORDS, (i + 1) * KEY_WORDS))));
}

function indexOf(keys: Uint32Array): MemberIndex {
  const size = keys.length / KEY_WORDS;
  const builder = MemberIndex.builder(size);
  builder.add(keys, new Uint32Array(size * HASH_WORDS), size);
  return builder.index();
}

const word = fc.integer({ min: 0, max: 2 ** 32 - 1 });
/**
 * Keys as random as SHA-256's, or crowded into one bucket (a Hashed Email column is taken as given), differing
 * within the first 72 bits (the index tells keys apart by their first 64 + 8 to 22 bits).
 */
const topByte = fc.integer({ min: 0, max: 255 }).map((top) => (top << 24) >>> 0);
const key = fc.oneof(
  fc.tuple(word, word, word),
  fc.tuple(fc.constantFrom(0, 1, 2 ** 32 - 1), fc.integer({ min: 0, max: 3 }), topByte),
  fc.tuple(fc.integer({ min: 0, max: 2 ** 12 }), word, topByte),
);

describe('the member index', () => {
  it('finds every member by their whole key, and no key it does not hold', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 3000 }), fc.array(key, { maxLength: 200 }), (members, others) => {
        const keys = sortedKeys(members);
        const index = indexOf(keys);
        for (let member = 0; member < index.size; member++) expect(index.find(keys, member * KEY_WORDS)).toBe(member);
        const held = new Set(members.map((k) => k.join(':')));
        for (const other of others) if (!held.has(other.join(':'))) expect(index.find(Uint32Array.from(other), 0)).toBe(-1);
      }),
      { numRuns: 60 },
    );
  });

  it('finds members of a large segment, whose buckets take more of the key', () => {
    const size = 70_000;
    const keys = sortedKeys(Array.from({ length: size }, (_, i) => [Math.imul(i, 2654435761) >>> 0, i, ~i >>> 0]));
    const index = indexOf(keys);
    for (let member = 0; member < index.size; member += 7) expect(index.find(keys, member * KEY_WORDS)).toBe(member);
    expect(index.find(Uint32Array.of(keys[0], keys[1] ^ 1, keys[2]), 0)).toBe(-1);
  });
});

describe('what the rows said of each member', () => {
  it('keeps the last row of the latest part, and a rejected row’s hold, whatever order parts arrive in', () => {
    const row = fc.record({ member: fc.integer({ min: 0, max: 9 }), code: fc.integer({ min: 1, max: 2 ** 29 - 1 }), part: fc.integer({ min: 0, max: MAX_PARTS - 1 }) });
    fc.assert(
      fc.property(fc.array(fc.oneof(row, fc.record({ kept: fc.integer({ min: 0, max: 9 }) })), { maxLength: 60 }), (events) => {
        const outcomes = new MemberOutcomes(10);
        const model = Array.from({ length: 10 }, () => ({ code: UNSEEN, part: 0, kept: false }));
        for (const event of events) {
          if ('kept' in event) {
            outcomes.keep(event.kept);
            model[event.kept].kept = true;
            continue;
          }
          const m = model[event.member];
          const first = m.code === UNSEEN;
          expect(outcomes.note(event.member, event.code, event.part)).toBe(first);
          if (first || event.part >= m.part) Object.assign(m, { code: event.code, part: event.part });
        }
        model.forEach((m, member) => {
          expect(outcomes.code(member)).toBe(m.code);
          expect(outcomes.kept(member)).toBe(m.kept);
        });
      }),
    );
  });
});
