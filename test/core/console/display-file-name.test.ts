/** The rule every shown file name follows (console uploads, the import history): displayFileName. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DISPLAY_NAME, displayFileName } from '../../../src/shared/file-name';

describe('a file name made safe to show', () => {
  it('whatever the page sends: no folder part, no control or invisible formatting characters, never empty, at most 200 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (sent) => {
        const shown = displayFileName(sent);
        expect(shown).not.toMatch(/[/\\]/);
        expect(shown).not.toMatch(/[\p{Cc}\p{Cf}]/u);
        expect(shown.length).toBeGreaterThan(0);
        expect(Array.from(shown).length).toBeLessThanOrEqual(MAX_DISPLAY_NAME);
        expect(displayFileName(shown)).toBe(shown); // showing it again changes nothing
      }),
    );
  });

  it('keeps an ordinary name exactly, spaces, accents and brackets included', () => {
    for (const name of ['Leden mei 2026 (definitief).csv', 'Exportação – clientes.csv', 'ledenbestand_v2.CSV']) expect(displayFileName(name)).toBe(name);
  });

  it('keeps the end of a very long name, where the extension is', () => {
    const shown = displayFileName(`${'a'.repeat(300)}.csv`);
    expect(shown.endsWith('.csv')).toBe(true);
    expect(shown.length).toBe(MAX_DISPLAY_NAME);
  });

  it('a name of only a folder or invisible characters becomes the fallback', () => {
    expect(displayFileName('uploads/', 'the file')).toBe('the file');
    expect(displayFileName('\u202E\u200B', 'the file')).toBe('the file');
  });
});
