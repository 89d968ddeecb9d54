/**
 * The CLI as one built file: out/cli/main.mjs (and the import reader's worker beside it), bundled by
 * esbuild from src/. `npm run build` builds it, and bin/canopy-batch.mjs rebuilds it whenever it is missing
 * or older than a source, so a command starts in milliseconds instead of compiling TypeScript through tsx.
 *
 *   node scripts/build-cli.mjs
 */
import { readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cliBundle = join(root, 'out', 'cli', 'main.mjs');
/** What the bundle is made of: a change to any of these makes it stale. */
const SOURCE_DIRS = ['src/cli', 'src/main/core', 'src/shared'].map((dir) => join(root, dir));
const SOURCE_FILES = ['package.json', 'scripts/build-cli.mjs'].map((file) => join(root, file));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when the bundle is missing or older than one of its sources. */
export function cliBundleIsStale() {
  let built;
  try {
    built = statSync(cliBundle).mtimeMs;
  } catch {
    return true;
  }
  const newest = Math.max(...SOURCE_DIRS.map(newestMtime), ...SOURCE_FILES.map((file) => statSync(file).mtimeMs));
  return newest > built;
}

/** Builds into temporary names, then renames: a command started meanwhile never loads half a file. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const outdir = dirname(cliBundle);
  const suffix = `.${process.pid}.tmp`;
  await build({
    entryPoints: {
      main: join(root, 'src/cli/main.ts'),
      'import-read-worker': join(root, 'src/main/core/imports/read-worker.ts'),
    },
    outdir,
    entryNames: `[name]${suffix}`,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies are bundled too (fewer files to load at start-up), all but the native module.
    external: ['better-sqlite3'],
    // Bundled CommonJS dependencies require Node's built-ins: give the ES module a require of its own.
    banner: { js: "import { createRequire as __canopyCreateRequire } from 'node:module'; const require = __canopyCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // The worker is looked up as import-read-worker.js (read-thread.ts), the CLI as main.mjs.
  renameSync(join(outdir, `import-read-worker${suffix}.mjs.map`), join(outdir, 'import-read-worker.js.map'));
  renameSync(join(outdir, `import-read-worker${suffix}.mjs`), join(outdir, 'import-read-worker.js'));
  renameSync(join(outdir, `main${suffix}.mjs.map`), join(outdir, 'main.mjs.map'));
  renameSync(join(outdir, `main${suffix}.mjs`), cliBundle);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildCli();
