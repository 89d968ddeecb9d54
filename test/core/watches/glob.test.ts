import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fileNameMatches } from '../../../src/main/core/watches/glob';

const literal = fc.string({ unit: fc.constantFrom('a', 'B', '-', '.', '(', ')', '[', ']', '+', '$', '^', '{', '|', '\\', 'é', ' ') });

describe('file-name patterns of watched folders', () => {
  it('match every name made by filling * with any text and ? with one character, whatever else the pattern holds', () => {
    const part = fc.oneof(literal.map((text) => ({ pattern: text, name: text })), fc.string().map((text) => ({ pattern: '*', name: text })), fc.string({ minLength: 1, maxLength: 1 }).map((c) => ({ pattern: '?', name: c })));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        expect(fileNameMatches(parts.map((p) => p.pattern).join(''), parts.map((p) => p.name).join(''))).toBe(true);
      }),
    );
  });

  it('without wildcards, match only the name itself, ignoring case', () => {
    fc.assert(
      fc.property(literal, literal, (pattern, name) => {
        expect(fileNameMatches(pattern, name)).toBe(pattern.toLowerCase() === name.toLowerCase());
      }),
    );
  });

  it('reads the usual nightly-export patterns as an operator means them', () => {
    expect(fileNameMatches('members-*.csv', 'members-2026-03-10.csv')).toBe(true);
    expect(fileNameMatches('members-*.csv', 'Members-2026-03-10.CSV')).toBe(true);
    expect(fileNameMatches('members-*.csv', 'members-2026-03-10.csv.part')).toBe(false);
    expect(fileNameMatches('export-????.csv', 'export-0310.csv')).toBe(true);
    expect(fileNameMatches('export-????.csv', 'export-310.csv')).toBe(false);
    expect(fileNameMatches(null, 'anything.txt')).toBe(true);
  });
});
