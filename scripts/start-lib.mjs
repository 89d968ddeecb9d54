/**
 * The decisions of scripts/start.mjs (`npm start`) as pure functions, tested in test/setup/start.test.ts:
 * whether to fetch Electron, how to say that it cannot be had, and how to open the browser.
 * Plain Node ESM without dependencies: it runs before anything is compiled.
 */

/**
 * What `npm start` does: the desktop app when the Electron binary is there; run Electron's own installer once
 * when it is missing (npm never ran it: allowScripts has `electron: false`); else the screens in the browser.
 * `--browser` asks for the browser whatever is installed; ELECTRON_SKIP_BINARY_DOWNLOAD means "do not fetch".
 */
export function planStart({ hasElectron, triedInstall, argv, env }) {
  if (argv.includes('--browser')) return 'browser';
  if (hasElectron) return 'electron';
  if (!triedInstall && !env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'install';
  return 'browser';
}

/** The one line that says why the screens open in the browser instead of the desktop app. */
export function browserFallbackLine({ argv, env, installOutput }) {
  const instead = 'serving the same screens in your browser instead.';
  if (argv.includes('--browser')) return `Serving the screens in your browser (--browser).`;
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) return `The Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set: ${instead}`;
  const reason = installReason(installOutput ?? '');
  return `The Electron binary could not be downloaded${reason ? ` (${reason})` : ''}: ${instead}`;
}

/** The first line of the installer's output that names the error, without its stack trace. */
export function installReason(output) {
  const line = output.split('\n').map((l) => l.trim()).find((l) => /error/i.test(l) && !l.startsWith('at '));
  return line ? line.slice(0, 200) : '';
}

/** The command that opens `url` in the default browser, or null where there is no desktop to open it on. */
export function browserOpener({ platform, env, url }) {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return { command: 'xdg-open', args: [url] };
  return null;
}

/** The console's address in a line `serve` printed. */
export function consoleUrl(text) {
  return /(http:\/\/127\.0\.0\.1:\d+\/#secret=[\w-]+)/.exec(text)?.[1] ?? null;
}
