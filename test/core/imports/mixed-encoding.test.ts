import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MixedEncodingScanner } from '../../../src/main/core/imports/encoding';

const scanAll = (bytes: Buffer, cuts: number[]) => {
  const scanner = new MixedEncodingScanner(0x0a);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, bytes.length]) {
    const mix = scanner.scan(bytes.subarray(from, to));
    if (mix) return mix;
    from = to;
  }
  return null;
};

/** Western names and words, with the accents Dutch, German and French exports carry. */
const westernText = fc.array(fc.constantFrom('Renée', 'Zoë', 'Müller', 'Straße', 'Jérôme', 'Ångström', 'naïve', 'Ann', ',', '\n', ' ', '123'), { maxLength: 60 }).map((parts) => parts.join(''));

describe('MixedEncodingScanner', () => {
  it('never calls a pure UTF-8 file mixed, wherever the chunks are cut', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => scanAll(Buffer.from(text, 'utf8'), cuts) === null));
  });

  it('never calls a Windows-1252 file of Western text mixed', () => {
    fc.assert(fc.property(westernText, fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => scanAll(iconv.encode(text, 'windows-1252'), cuts) === null));
  });

  it('finds the mix at the first line of each kind, however the file is cut into chunks', () => {
    /** The line of the first non-ASCII character of `text`, counting from `line`. */
    const lineOfFirstAccent = (text: string, line: number) => line + (text.slice(0, [...text].findIndex((c) => c.charCodeAt(0) > 0x7f)).match(/\n/g)?.length ?? 0);
    fc.assert(
      fc.property(westernText, westernText, fc.array(fc.nat(), { maxLength: 8 }), (a, b, cuts) => {
        const latinText = `${a}Renée\n`;
        const utf8Text = `${b}Jérôme\n`;
        const bytes = Buffer.concat([iconv.encode(latinText, 'windows-1252'), Buffer.from(utf8Text, 'utf8')]);
        const latinLines = latinText.match(/\n/g)!.length;
        expect(scanAll(bytes, cuts)).toEqual({ invalidLine: lineOfFirstAccent(latinText, 1), utf8Line: lineOfFirstAccent(utf8Text, 1 + latinLines) });
      }),
    );
  });
});
