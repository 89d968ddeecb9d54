/**
 * File-name patterns for watched folders: `*` stands for any characters, `?` for one, everything else for
 * itself. Matching ignores case (exports named `Export.CSV` on one machine and `export.csv` on another).
 */
export function fileNamePattern(pattern: string): RegExp {
  const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 'isu');
}

export function fileNameMatches(pattern: string | null, name: string): boolean {
  return pattern === null || fileNamePattern(pattern).test(name);
}
