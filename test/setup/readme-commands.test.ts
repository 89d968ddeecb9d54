import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
const scripts = Object.keys((JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

/** npm's own commands a README may name; any other `npm X` runs a package.json script. */
const NPM_BUILTINS = new Set(['ci', 'install', 'i', 'rebuild', 'uninstall', 'exec', 'pack', 'publish', 'version', 'help']);

/** The README's code: fenced blocks and `inline` spans (prose such as "the npm package" is not a command). */
function codeIn(markdown: string): string[] {
  const fenced = [...markdown.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]);
  const inline = [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [...fenced, ...inline];
}

/** Every script the README tells the reader to run: `npm run [--flags] NAME`, `npm start`, `npm test` and the like. */
function scriptsNamedIn(markdown: string): string[] {
  const named = new Set<string>();
  for (const code of codeIn(markdown)) {
    for (const [, rest] of code.matchAll(/(?:^|[\s;&|(])npm((?:[ \t]+[^\s#]+){1,3})/gm)) {
      const words = rest.trim().split(/\s+/).filter((word) => !word.startsWith('-'));
      const name = words[0] === 'run' || words[0] === 'run-script' ? words[1] : words[0];
      if (name && !NPM_BUILTINS.has(name)) named.add(name);
    }
  }
  return [...named].sort();
}

describe("the README's commands", () => {
  it('finds the Quick start commands', () => {
    expect(scriptsNamedIn(readme)).toEqual(expect.arrayContaining(['start', 'test', 'cli', 'typecheck', 'lint', 'bench', 'build', 'dist']));
  });

  it('are all scripts in package.json', () => {
    expect(scriptsNamedIn(readme).filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it('reads `npm run --silent cli -- serve` as the cli script and `npm ci` as npm itself', () => {
    expect(scriptsNamedIn('```sh\nnpm ci\nnpm run --silent cli -- serve\n```\nthe npm package; `npm start -- --browser`')).toEqual(['cli', 'start']);
  });
});
