import { sameSource, type HostApi, type OpenSource, type RecentEntry } from '../../shared/contract/host/index.ts';
import type { AppErrorData, Result } from '../../shared/base/errors.ts';
import { formatQuantity } from '../../shared/base/format.ts';
import { buffersOf, type AnalysisClient } from './analysis-client.ts';
import type { ViewName } from './route.ts';
import type { AppStore } from './store.ts';

/**
 * Opening incidents: the host reads the files behind handles it gave out (the page never names a
 * path), or the page already has the bytes (picked or dropped); the worker parses them.
 */
export interface IncidentActions {
  /** Files the user picked or dropped (read by the page; no handle, so nothing for the URL). */
  openFiles(files: readonly File[]): Promise<void>;
  openDemo(): Promise<void>;
  /** A recent entry, reopened by its handles. */
  openRecent(entry: RecentEntry): Promise<void>;
  /** Opens what a URL names, then shows `view`; used for launch URLs, reloads and links. `label` when already known. */
  openSource(source: OpenSource, view: ViewName, label?: string): Promise<void>;
}

export interface IncidentActionDeps {
  readonly host: HostApi;
  readonly analysis: AnalysisClient;
  readonly store: AppStore;
  /** Shows a view with the given source in the URL (or none). */
  readonly show: (view: ViewName, source: OpenSource | undefined) => void;
}

/** Files to parse, from the host (by handle) or read by the page (picked, dropped). */
interface FilesToOpen {
  readonly files: readonly { readonly name: string; readonly bytes: Uint8Array }[];
}

export function labelOf(names: readonly string[]): string {
  const base = (name: string): string => name.split(/[\\/]/).pop() || name;
  const first = base(names[0] ?? '');
  return names.length > 1 ? `${first} + ${names.length - 1} more` : first;
}

export function createIncidentActions({ host, analysis, store, show }: IncidentActionDeps): IncidentActions {
  /** Marks a new open as loading; returns its generation. */
  const begin = (label: string, source: OpenSource | undefined): number => {
    let generation = 0;
    store.set((state) => {
      generation = state.generation + 1;
      return { ...state, generation, incident: { phase: 'loading', label, source } };
    });
    return generation;
  };
  const current = (generation: number): boolean => store.get().generation === generation;
  const fail = (generation: number, label: string, source: OpenSource | undefined, error: AppErrorData): void => {
    if (!current(generation)) return;
    store.set((state) => ({ ...state, incident: { phase: 'failed', label, source, error } }));
    show('start', undefined);
  };

  const parse = async (generation: number, label: string, source: OpenSource | undefined, files: Result<FilesToOpen>, view: ViewName): Promise<void> => {
    if (!current(generation)) return;
    if (!files.ok) return fail(generation, label, source, files.error);
    const inputs = files.value.files.map((file) => ({ name: file.name, bytes: file.bytes }));
    const opened = await analysis.query('open', { inputs }, buffersOf(inputs.map((input) => input.bytes)));
    if (!current(generation)) return;
    if (!opened.ok) return fail(generation, label, source, opened.error);
    store.set((state) => ({ ...state, selection: {}, incident: { phase: 'ready', label, source, overview: opened.value } }));
    show(view, source);
  };

  const openSource = async (source: OpenSource, view: ViewName, known?: string): Promise<void> => {
    // A handle says nothing about its file: until the host answers, the label is a count.
    const label = known ?? (source.kind === 'demo' ? 'the demo incident' : formatQuantity(source.handles.length, 'file'));
    const generation = begin(label, source);
    const files = source.kind === 'demo' ? await host.openDemo() : await host.openSnapshot({ handles: [...source.handles] });
    const named = files.ok ? labelOf(files.value.files.map((file) => file.name)) : label;
    await parse(generation, named, source, files, view);
  };

  return {
    openSource,
    openDemo: () => openSource({ kind: 'demo' }, 'map'),
    openRecent: (entry) => openSource({ kind: 'files', handles: entry.files.map((file) => file.handle) }, 'map', entry.label),
    async openFiles(files) {
      if (files.length === 0) return;
      const label = labelOf(files.map((file) => file.name));
      const generation = begin(label, undefined);
      let read: Result<FilesToOpen>;
      try {
        read = { ok: true, value: { files: await Promise.all(files.map(async (file) => ({ name: file.name, bytes: await readFileBytes(file) }))) } };
      } catch (error) {
        read = { ok: false, error: { kind: 'invalidInput', message: `The browser could not read ${label}: ${error instanceof Error ? error.message : String(error)}` } };
      }
      await parse(generation, label, undefined, read, 'map');
    },
  };
}

/** A File's bytes (FileReader where Blob.arrayBuffer is missing, as in jsdom). */
export async function readFileBytes(file: File): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof file.arrayBuffer === 'function') return new Uint8Array(await file.arrayBuffer());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsArrayBuffer(file);
  });
}

/** Whether the URL's source still has to be opened (not already open, loading, or just failed). */
export function needsOpening(source: OpenSource | undefined, incident: { readonly phase: string; readonly source?: OpenSource | undefined }): source is OpenSource {
  if (!source) return false;
  if (incident.phase === 'none') return true;
  return !sameSource(source, incident.source);
}
