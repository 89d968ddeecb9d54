import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { devCsp } from './vite-dev-csp';

/**
 * Builds the screens alone (no Electron main or preload) into out/renderer, where `canopy-batch serve` and
 * the end-to-end tests look for them: `npx vite build --config src/renderer/vite.config.ts`.
 * `npm run build` (electron-vite) produces the same folder along with the desktop app.
 * (No node: imports here: the renderer folder is linted as browser code.)
 */
const here = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/([A-Za-z]:)/, '$1');

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), devCsp()],
  build: { outDir: `${here}/../../out/renderer`, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  logLevel: 'error',
});
