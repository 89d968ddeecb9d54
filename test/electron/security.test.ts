import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../src/shared/api';
import { PRELOAD_API_METHODS } from '../../src/preload/api-methods';
import {
  APP_BASE_URL,
  allowExternal,
  allowPermission,
  checkApiCall,
  contentSecurityPolicy,
  isApiMethod,
  isAppUrl,
  mimeTypeFor,
  resolveAppFile,
  secureWebPreferences,
  withContentSecurityPolicy,
} from '../../src/main/shell/security';

const DEV = 'http://localhost:5173/';

describe('isAppUrl: which pages are the app', () => {
  it('accepts the built screens on app://canopy-batch and the dev server while developing', () => {
    expect(isAppUrl('app://canopy-batch/index.html', APP_BASE_URL)).toBe(true);
    expect(isAppUrl('app://canopy-batch/index.html#/queue', APP_BASE_URL)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', DEV)).toBe(true);
  });

  it('refuses another host, scheme or port, however the URL is dressed up', () => {
    for (const url of [
      'app://evil/index.html',
      'https://canopy-batch/index.html',
      'file:///index.html',
      'http://localhost:5174/',
      'http://localhost.evil.com:5173/',
      'http://localhost:5173@evil.com/',
      'http://user:pass@localhost:5173/',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
    ]) {
      expect(isAppUrl(url, url.startsWith('app:') ? APP_BASE_URL : DEV), url).toBe(false);
    }
  });

  it('refuses what is not a URL at all', () => {
    expect(isAppUrl('', APP_BASE_URL)).toBe(false);
    expect(isAppUrl(null, APP_BASE_URL)).toBe(false);
    expect(isAppUrl('not a url', APP_BASE_URL)).toBe(false);
    expect(isAppUrl('app://canopy-batch/', 'not a base')).toBe(false);
  });
});

describe("allowExternal: links opened in the operator's browser", () => {
  it("opens https links to Deployteq's site and its subdomains", () => {
    for (const url of ['https://www.deployteq.com/docs', 'https://deployteq.com/', 'https://help.DEPLOYTEQ.com/article?id=1']) {
      expect(allowExternal(url), url).toBe(true);
    }
  });

  it('refuses any other site, including look-alikes, so a URL that came in with data never opens the browser', () => {
    for (const url of ['https://example.com/', 'https://deployteq.com.evil.example/', 'https://evildeployteq.com/', 'https://deployteq.com:8443/']) {
      expect(allowExternal(url), url).toBe(false);
    }
  });

  it('refuses every other scheme and links with credentials', () => {
    for (const url of ['http://www.deployteq.com', 'file:///etc/passwd', 'smb://server/share', 'javascript:alert(1)', 'ms-settings:', 'https://user:pw@deployteq.com/', 'nonsense']) {
      expect(allowExternal(url), url).toBe(false);
    }
  });
});

describe("the window's webPreferences", () => {
  it('keep the page a sandboxed, context-isolated web page without Node', () => {
    expect(secureWebPreferences(true)).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false });
  });

  it('turn Auxclick off, so a middle-click cannot open a window', () => {
    expect(secureWebPreferences(true).disableBlinkFeatures).toBe('Auxclick');
  });

  it('offer dev tools only while developing', () => {
    expect(secureWebPreferences(true).devTools).toBe(false);
    expect(secureWebPreferences(false).devTools).toBe(true);
  });
});

/** The `key: value` lines of one top-level block of electron-builder.yml (a flat block: no YAML library needed). */
function yamlBlock(text: string, name: string): Record<string, string> {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line === `${name}:`);
  const block: Record<string, string> = {};
  for (const line of start < 0 ? [] : lines.slice(start + 1)) {
    const entry = /^\s+([\w]+):\s*(\S+)/.exec(line);
    if (!entry) break;
    block[entry[1]] = entry[2];
  }
  return block;
}

describe("the packaged app's Electron fuses (electron-builder.yml)", () => {
  it('never runs as Node, ignores NODE_OPTIONS and --inspect, and loads only an integrity-checked app.asar', () => {
    const config = readFileSync(resolve(__dirname, '../../electron-builder.yml'), 'utf8');
    expect(yamlBlock(config, 'electronFuses')).toEqual({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
    });
    expect(config).toMatch(/^asar: true$/m);
  });
});

describe('allowPermission: what the screens may ask of the browser', () => {
  it('grants only the clipboard write (the preview Copy button), and only to the app', () => {
    expect(allowPermission('clipboard-sanitized-write', 'app://canopy-batch/index.html', APP_BASE_URL)).toBe(true);
    expect(allowPermission('clipboard-sanitized-write', 'https://evil.example/', APP_BASE_URL)).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      expect(allowPermission(permission, 'app://canopy-batch/index.html', APP_BASE_URL), permission).toBe(false);
    }
  });
});

describe('checkApiCall: main refuses IPC it did not expect', () => {
  const fromApp = { frameUrl: 'app://canopy-batch/index.html', isTopFrame: true };

  it('passes a known method from the app top frame', () => {
    expect(checkApiCall(fromApp, 'queue.status', APP_BASE_URL)).toEqual({ ok: true, method: 'queue.status' });
  });

  it('refuses a call from another page, an iframe or a frame that is gone', () => {
    for (const origin of [
      { frameUrl: 'https://evil.example/', isTopFrame: true },
      { frameUrl: 'app://canopy-batch/index.html', isTopFrame: false },
      { frameUrl: null, isTopFrame: false },
    ]) {
      const check = checkApiCall(origin, 'queue.status', APP_BASE_URL);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.error.message).toMatch(/not Canopy Batch/);
    }
  });

  it('refuses a method that is not in the API, including prototype names', () => {
    for (const method of ['queue.drop', '__proto__', 'constructor', 'toString', 42, null, undefined, { method: 'queue.status' }]) {
      const check = checkApiCall(fromApp, method, APP_BASE_URL);
      expect(check.ok, String(method)).toBe(false);
      if (!check.ok) expect(check.error.code).toBe('invalid-input');
    }
  });

  it('knows exactly the methods of the shared API', () => {
    expect(API_METHODS.every(isApiMethod)).toBe(true);
    expect(isApiMethod('onEvent')).toBe(false);
    expect(isApiMethod('resolveFile')).toBe(false);
  });
});

describe('the preload method list', () => {
  it('is the same list as API_METHODS (the preload cannot load zod to build it)', () => {
    expect([...PRELOAD_API_METHODS].sort()).toEqual([...API_METHODS].sort());
  });
});

describe('resolveAppFile: app:// serves only the built screens', () => {
  const root = resolve('/srv/out/renderer');

  it('maps the app URL to a file under the renderer folder, the root to index.html', () => {
    expect(resolveAppFile('app://canopy-batch/', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://canopy-batch/index.html?x=1#/log', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://canopy-batch/assets/index-abc.js', root)).toBe(join(root, 'assets', 'index-abc.js'));
  });

  it('never gives a file outside the folder, however the path is encoded', () => {
    for (const url of [
      'app://canopy-batch/../secrets.json',
      'app://canopy-batch/%2e%2e/secrets.json',
      'app://canopy-batch/assets/%2e%2e%2f%2e%2e%2fsecrets.json',
      'app://canopy-batch/..%2f..%2f..%2fetc/passwd',
    ]) {
      const file = resolveAppFile(url, root);
      if (file !== null) expect(file.startsWith(root + sep), `${url} gave ${file}`).toBe(true);
    }
  });

  it('refuses backslashes, NUL bytes, broken encodings and other hosts', () => {
    for (const url of [
      'app://canopy-batch/..%5c..%5csecrets.json',
      'app://canopy-batch/a%00.js',
      'app://canopy-batch/%E0%A4%A',
      'app://other/index.html',
      'https://canopy-batch/index.html',
    ]) {
      expect(resolveAppFile(url, root), url).toBeNull();
    }
  });

  it('gives module scripts a JavaScript content type', () => {
    expect(mimeTypeFor('/x/assets/index.js')).toMatch(/^text\/javascript/);
    expect(mimeTypeFor('/x/index.html')).toMatch(/^text\/html/);
    expect(mimeTypeFor('/x/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('the Content-Security-Policy', () => {
  it('loads nothing from elsewhere and runs no inline script in the built app', () => {
    const policy = contentSecurityPolicy(null);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("connect-src 'self';");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-eval|\*/);
  });

  it('allows the dev server its inline preamble and hot-reload socket, for that host only', () => {
    const policy = contentSecurityPolicy(DEV);
    expect(policy).toContain("script-src 'self' 'unsafe-inline'");
    expect(policy).toContain("connect-src 'self' ws://localhost:5173");
  });

  it('replaces a policy the server sent, whatever its letter case', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] }, "default-src 'none'");
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'none'"] });
  });
});
