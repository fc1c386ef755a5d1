import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The config runs in Node, where import.meta.dirname is this folder (Vite's config loader keeps
// it); renderer/ may not import node:* (scripts/import-rules.mjs), hence the string work below.
const root: string = import.meta.dirname;
const separator = root.includes('\\') && !root.includes('/') ? '\\' : '/';
const parent = root.slice(0, Math.max(root.lastIndexOf('/'), root.lastIndexOf('\\')));

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
    outDir: [parent, 'dist', 'renderer'].join(separator),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { fs: { allow: [parent] } },
});
