/**
 * The rooms of the code, as the linter enforces them (eslint.config.js): each rule refuses a deliberate
 * violation with its sentence, and lets the compliant import through. Snippets are linted as if they were a
 * file at `filePath`, through ESLint's own Node API and the project's real config.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ELECTRON_REFUSED = 'Plain Node code never imports electron: only src/main/shell and src/preload do.';
const ENGINE_OUTWARD_REFUSED = 'The engine (src/main/core) never imports the shell, the bridge or the screens';
const PRELOAD_REFUSED = 'The preload imports only electron, its own files and types from src/shared.';
const PRELOAD_TYPES_ONLY = 'The preload takes only types from src/shared: write `import type`.';
const SCREENS_NO_MAIN = 'The screens reach the engine through window.api only, never src/main or src/cli.';
const SCREENS_NO_NODE = 'The screens run in the browser: no Node built-ins.';
const SCREENS_NO_ELECTRON = 'The screens reach the engine through window.api only, never electron.';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

/** A file that imports one value (or one type) from `source` and uses it. */
function importing(source: string, kind: 'value' | 'type' = 'value'): string {
  return kind === 'type'
    ? `import type { Thing } from '${source}';\nexport type Used = Thing;\n`
    : `import { thing } from '${source}';\nexport const used = thing;\n`;
}

async function problemsOf(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

async function expectRefused(code: string, filePath: string, sentence: string): Promise<void> {
  const problems = await problemsOf(code, filePath);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain('@typescript-eslint/no-restricted-imports');
  expect(problems[0]).toContain(sentence);
}

async function expectAllowed(code: string, filePath: string): Promise<void> {
  expect(await problemsOf(code, filePath)).toEqual([]);
}

describe('plain Node code never imports electron', () => {
  const plainNodeFiles = [
    'src/main/core/engine-extra.ts',
    'src/main/core/delivery/extra.ts',
    'src/shared/extra.ts',
    'src/main/bridge/extra.ts',
    'src/cli/commands/extra.ts',
  ];

  it.each(plainNodeFiles)('%s may not import electron, electron/main, nor its types', async (filePath) => {
    await expectRefused(importing('electron'), filePath, ELECTRON_REFUSED);
    await expectRefused(importing('electron/main'), filePath, ELECTRON_REFUSED);
    await expectRefused(importing('electron', 'type'), filePath, ELECTRON_REFUSED);
    await expectRefused(`export * from 'electron';\n`, filePath, ELECTRON_REFUSED);
  });

  it.each(plainNodeFiles)('%s may import Node built-ins and packages', async (filePath) => {
    await expectAllowed(importing('node:fs'), filePath);
    await expectAllowed(importing('zod'), filePath);
    await expectAllowed(importing('electronic-invoice'), filePath);
  });

  it('the shell may import electron: it is the Electron main process', async () => {
    await expectAllowed(importing('electron'), 'src/main/shell/extra.ts');
  });
});

describe('the engine never imports the rooms around it', () => {
  it.each([
    ['src/main/core/engine-extra.ts', '../shell/tray'],
    ['src/main/core/delivery/extra.ts', '../../bridge/engine-host'],
    ['src/main/core/delivery/extra.ts', '../../shell/app-window'],
    ['src/main/core/console/extra.ts', '../../../renderer/api/errors'],
  ])('%s may not import %s', async (filePath, source) => {
    await expectRefused(importing(source), filePath, ENGINE_OUTWARD_REFUSED);
    await expectRefused(importing(source, 'type'), filePath, ENGINE_OUTWARD_REFUSED);
  });

  it('the engine may import its own modules and the shared contract', async () => {
    await expectAllowed(importing('./db/migrate'), 'src/main/core/engine-extra.ts');
    await expectAllowed(importing('../../../shared/api'), 'src/main/core/delivery/extra.ts');
  });
});

describe('the preload imports only electron, its own files and types from src/shared', () => {
  const preload = 'src/preload/index.ts';

  it('refuses Node built-ins, packages and main-process code', async () => {
    await expectRefused(importing('node:fs'), preload, PRELOAD_REFUSED);
    await expectRefused(importing('zod'), preload, PRELOAD_REFUSED);
    await expectRefused(importing('../main/core/engine'), preload, PRELOAD_REFUSED);
    await expectRefused(importing('../main/core/engine', 'type'), preload, PRELOAD_REFUSED);
    await expectRefused(importing('../main/shell/security'), preload, PRELOAD_REFUSED);
  });

  it('refuses a value import from src/shared: only its types cross into the preload', async () => {
    await expectRefused(importing('../shared/api'), preload, PRELOAD_TYPES_ONLY);
  });

  it('allows electron, its own files and types from src/shared', async () => {
    await expectAllowed(importing('electron'), preload);
    await expectAllowed(importing('./api-methods'), preload);
    await expectAllowed(importing('../shared/api', 'type'), preload);
  });
});

describe('the screens never import main-process code, the CLI, Node built-ins or electron', () => {
  it.each([
    ['src/renderer/App.tsx', '../main/core/engine', SCREENS_NO_MAIN],
    ['src/renderer/features/queue/extra.tsx', '../../../main/shell/security', SCREENS_NO_MAIN],
    ['src/renderer/features/queue/extra.tsx', '../../../main/bridge/engine-protocol', SCREENS_NO_MAIN],
    ['src/renderer/api/extra.ts', '../../cli/options', SCREENS_NO_MAIN],
    ['src/renderer/api/extra.ts', 'node:fs', SCREENS_NO_NODE],
    ['src/renderer/api/extra.ts', 'fs/promises', SCREENS_NO_NODE],
    ['src/renderer/api/extra.ts', 'path', SCREENS_NO_NODE],
    ['src/renderer/api/extra.ts', 'electron', SCREENS_NO_ELECTRON],
  ])('%s may not import %s', async (filePath, source, sentence) => {
    await expectRefused(importing(source), filePath, sentence);
  });

  it('the screens may import packages, their own modules and the shared contract', async () => {
    await expectAllowed(importing('@mantine/core'), 'src/renderer/App.tsx');
    await expectAllowed(importing('./stores/queue'), 'src/renderer/App.tsx');
    await expectAllowed(importing('../../../shared/model'), 'src/renderer/features/queue/extra.tsx');
  });
});
