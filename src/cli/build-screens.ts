import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../main/core/errors';

/**
 * Builds the screens into `staticDir` when its index.html is missing, so `serve` (and `npm start` without
 * Electron) work right after `npm ci`: vite with the renderer-only config, from the checkout at `root`.
 */
export function ensureScreensBuilt(root: string, staticDir: string, say: (line: string) => void): void {
  if (existsSync(join(staticDir, 'index.html'))) return;
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const config = join(root, 'src', 'renderer', 'vite.config.ts');
  if (!existsSync(vite) || !existsSync(config)) {
    throw new UserError(`The screens are not built (${join(staticDir, 'index.html')} is missing) and this is not a checkout that can build them.`);
  }
  say(`Building the screens into ${staticDir} (once)…`);
  const result = spawnSync(process.execPath, [vite, 'build', '--config', config, '--outDir', staticDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0 || !existsSync(join(staticDir, 'index.html'))) {
    const reason = `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim().split('\n').slice(0, 5).join(' ');
    throw new UserError(`Building the screens into ${staticDir} failed: ${reason || `vite exited with ${result.status}`}`);
  }
}
