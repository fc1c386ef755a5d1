/**
 * Builds what the desktop app runs and electron-builder packs: the renderer (dist/renderer) and
 * the main process and preload bundles (dist/electron). `npm run build:desktop`.
 */
import { buildRenderer, DEFAULT_RENDERER_DIR } from '../electron/host/serve-build.ts';
import { buildDesktop, MAIN_BUNDLE, PRELOAD_BUNDLE } from '../electron/main/build.ts';

await buildRenderer(DEFAULT_RENDERER_DIR);
await buildDesktop();
console.log(`Built ${DEFAULT_RENDERER_DIR}, ${MAIN_BUNDLE} and ${PRELOAD_BUNDLE}.`);
