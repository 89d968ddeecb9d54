import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The rooms of the code and what each may import (README, "Architecture"). Imports are matched as written:
// every import in src is relative, so a room is recognised by its folder name in the path.
const ELECTRON = { regex: '^electron(/|$)', message: 'Plain Node code never imports electron: only src/main/shell and src/preload do.' };
const ENGINE_OUTWARD = {
  regex: '(^|/)(shell|bridge|renderer)(/|$)',
  message: 'The engine (src/main/core) never imports the shell, the bridge or the screens: they import the engine.',
};
const NODE_BUILTIN = `^(node:|(${builtinModules.join('|')})(/|$))`;

/** Each room's import rules, one block per room: a later block would replace an earlier one's options. */
const rooms = [
  { files: ['src/main/core/**'], patterns: [ELECTRON, ENGINE_OUTWARD] },
  { files: ['src/shared/**', 'src/main/bridge/**', 'src/cli/**'], patterns: [ELECTRON] },
  {
    // The sandboxed preload is the window's only door: electron, its own files, and types from the contract.
    files: ['src/preload/**'],
    patterns: [
      {
        regex: '^(?!electron$|\\./|\\.\\./shared/)',
        message: 'The preload imports only electron, its own files and types from src/shared.',
      },
      { regex: '^\\.\\./shared/', allowTypeImports: true, message: 'The preload takes only types from src/shared: write `import type`.' },
    ],
  },
  {
    files: ['src/renderer/**'],
    patterns: [
      { regex: '(^|/)(main|cli)(/|$)', message: 'The screens reach the engine through window.api only, never src/main or src/cli.' },
      { regex: NODE_BUILTIN, message: 'The screens run in the browser: no Node built-ins.' },
      { regex: '^electron(/|$)', message: 'The screens reach the engine through window.api only, never electron.' },
    ],
  },
];

// One way to reach SQLite (src/main/core/db/sql.ts says the rule): fixed statement text goes through sql(),
// whose row mode is an argument, never a .pluck()/.raw() on the statement every caller shares.
const ONE_WAY_TO_SQLITE = [
  {
    selector: "CallExpression[callee.property.name='prepare'][arguments.0.type='Literal']",
    message: 'A statement with fixed text goes through sql(db, text) from db/sql.ts: prepared once per connection.',
  },
  {
    selector: "CallExpression[callee.property.name='prepare'][arguments.0.type='TemplateLiteral'][arguments.0.expressions.length=0]",
    message: 'A statement with fixed text goes through sql(db, text) from db/sql.ts: prepared once per connection.',
  },
  {
    selector: "CallExpression[callee.property.name=/^(pluck|raw|expand)$/][callee.object.callee.name='sql']",
    message: "Pass the row mode to sql(db, text, 'pluck' | 'raw'): .pluck() or .raw() on a cached statement changes it for every caller.",
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...rooms.map(({ files, patterns }) => ({
    files,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  })),
  {
    files: ['src/main/core/**'],
    ignores: ['src/main/core/db/sql.ts', 'src/main/core/db/migrations/**'],
    rules: { 'no-restricted-syntax': ['error', ...ONE_WAY_TO_SQLITE] },
  },
);
