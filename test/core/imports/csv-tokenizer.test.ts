import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, CsvTokenizer } from '../../../src/main/core/imports/csv-tokenizer';

/** Tokenizes `text` fed in the given chunk sizes; returns [line, fields] per record. */
function tokenize(text: string, delimiter = ',', cuts: number[] = [], newline: '\n' | '\r' = '\n', max = 1 << 20) {
  const out: Array<[number, string[]]> = [];
  const tokenizer = new CsvTokenizer(delimiter, max, newline);
  const emit = (fields: string[], line: number) => out.push([line, fields]);
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    tokenizer.push(text.slice(from, cut), emit);
    from = cut;
  }
  tokenizer.push(text.slice(from), emit);
  tokenizer.end(emit);
  return out;
}

describe('the CSV tokenizer', () => {
  it('splits plain lines, CRLF or LF, with or without a final line end', () => {
    expect(tokenize('a,b\r\nc,d\ne,f')).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
      [3, ['e', 'f']],
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks inside', () => {
    expect(tokenize('"a,1","say ""hi""","x\r\ny"\r\nnext,2\r\n')).toEqual([
      [1, ['a,1', 'say "hi"', 'x\r\ny']],
      [3, ['next', '2']],
    ]);
  });

  it('is lenient like Excel: a quote inside an unquoted field is a character, text after a closing quote is kept', () => {
    expect(tokenize('5" screen,"quoted"tail,x\n')).toEqual([[1, ['5" screen', 'quotedtail', 'x']]]);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const text = 'email;note\r\n"a@x.nl";"one;\r\ntwo ""2"""\r\nb@x.nl;plain\r\n';
    const whole = tokenize(text, ';');
    for (let cut = 0; cut <= text.length; cut++) expect(tokenize(text, ';', [cut])).toEqual(whole);
  });

  it('reports a quote that is never closed with the line and column where it opened', () => {
    expect(() => tokenize('a,b\nc,"d\ne,f\n')).toThrow(CsvSyntaxError);
    try {
      tokenize('a,b\nc,"d\ne,f\n');
    } catch (error) {
      expect((error as CsvSyntaxError).problem).toEqual({ kind: 'unclosed-quote', line: 2, column: 3 });
    }
  });

  it('refuses a record longer than its cap, as an unclosed quote when a quote is open', () => {
    const long = 'x'.repeat(200);
    expect(() => tokenize(`a\n${long}\n`, ',', [], '\n', 100)).toThrow(expect.objectContaining({ problem: { kind: 'record-too-long', line: 2 } }));
    expect(() => tokenize(`a\n"${long}`, ',', [50, 120], '\n', 100)).toThrow(
      expect.objectContaining({ problem: { kind: 'unclosed-quote', line: 2, column: 1 } }),
    );
  });

  it('reads what csv-parse reads, for any RFC 4180 text cut anywhere (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', 'é', ',', ';', '"', '\n', '\r\n', '1'), maxLength: 8 });
    const record = fc.array(field, { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
        (records, lineEnd, quoteAll, cutPoints) => {
          const quote = (value: string) =>
            quoteAll || value === '' || /[",;\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
          const text = records.map((fields) => fields.map(quote).join(',')).join(lineEnd) + lineEnd;
          const expected = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
          const cuts = cutPoints.map((n) => n % (text.length + 1));
          expect(tokenize(text, ',', cuts).map(([, fields]) => fields)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
