/**
 * A file name as the operator gave it, made safe to show and to store: no folder part, no control or
 * invisible formatting characters (a right-to-left override could make "xsl.csv" read as "vsc.lsx"), and at
 * most 200 characters, keeping the end where the extension is. The console's uploads and the import history
 * both use it, so a file is called the same everywhere.
 */
export const MAX_DISPLAY_NAME = 200;

export function displayFileName(name: string, fallback = 'the file'): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  // By code point, so an emoji or other astral character is never cut in half.
  const clean = Array.from(last.replace(/[\p{Cc}\p{Cf}]+/gu, '').trim()).slice(-MAX_DISPLAY_NAME).join('').trim();
  return clean || fallback;
}
