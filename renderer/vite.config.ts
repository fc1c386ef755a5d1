import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer's build: root renderer/, output dist/renderer. `base: './'` makes every asset URL
 * relative, so the local web host can serve the build under its token path (electron/host/
 * serve-static.ts) and Electron can load it from a file. No inline scripts or styles: the
 * Content-Security-Policy allows 'self' only.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
