import type { Plugin } from 'vite';

/**
 * In development only (vite serve / electron-vite dev), React Fast Refresh injects one inline script and
 * talks to the dev server over a WebSocket; the strict CSP in index.html would block both and leave a blank
 * window. This loosens exactly those two directives while serving; builds keep the strict policy.
 */
export function devCsp(): Plugin {
  return {
    name: 'canopy-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws: wss: http://localhost:* http://127.0.0.1:*"),
  };
}
