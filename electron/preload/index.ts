/**
 * The preload of every window (bundled as CommonJS: a sandboxed preload may require only
 * `electron`). It exposes the bridge and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { hostBridge } from './bridge.ts';

contextBridge.exposeInMainWorld('traceExplorer', hostBridge(ipcRenderer));
