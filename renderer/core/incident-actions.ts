import { sameSource, type HostApi, type OpenedFiles, type OpenSource, type RecentEntry, type StreamedFile } from '../../shared/contract/host/index.ts';
import type { AppErrorData, Result } from '../../shared/base/errors.ts';
import { formatQuantity } from '../../shared/base/format.ts';
import type { BlobLike, OpenInput } from '../../shared/contract/worker/analysis-protocol.ts';
import { buffersOf, type AnalysisClient } from './analysis-client.ts';
import type { ViewName } from './route.ts';
import type { AppStore } from './store.ts';

/**
 * Opening incidents: the host streams the files behind handles it gave out (the page never names a
 * path), or the page already has them (picked or dropped); the worker reads them as they arrive.
 */
export interface IncidentActions {
  /** Files the user picked or dropped (no handle, so nothing for the URL). */
  openFiles(files: readonly File[]): Promise<void>;
  openDemo(): Promise<void>;
  /** A recent entry, reopened by its handles. */
  openRecent(entry: RecentEntry): Promise<void>;
  /** Opens what a URL names, then shows `view`; used for launch URLs, reloads and links. `label` when already known. */
  openSource(source: OpenSource, view: ViewName, label?: string): Promise<void>;
  /** Stops the open in progress (the Cancel button, Esc); nothing is open afterwards. */
  cancelOpen(): void;
}

export interface IncidentActionDeps {
  readonly host: HostApi;
  readonly analysis: AnalysisClient;
  readonly store: AppStore;
  /** Shows a view with the given source in the URL (or none). */
  readonly show: (view: ViewName, source: OpenSource | undefined) => void;
  /** The view the URL shows now: a view chosen while a file opens is kept when it is ready. */
  readonly currentView?: () => ViewName;
  /**
   * The files the host granted for streaming (`streamFiles`) as the worker fetches them itself
   * (the local web host's `GET /api/files/<handle>`: the bytes never pass through this thread);
   * without it the host's `openDemo`/`openSnapshot` answer with the bytes.
   */
  readonly fileInputs?: (files: readonly StreamedFile[]) => readonly OpenInput[];
  /** Runs a task once the view shown has been painted (default: two animation frames, then a task). */
  readonly afterPaint?: (task: () => void) => void;
}

export function labelOf(names: readonly string[]): string {
  const base = (name: string): string => name.split(/[\\/]/).pop() || name;
  const first = base(names[0] ?? '');
  return names.length > 1 ? `${first} + ${names.length - 1} more` : first;
}

/** Marks on the page's timeline (the open benchmark reads them); absent where there is no Performance API. */
export const OPEN_MARKS = { requested: 'open:requested', ready: 'open:ready' } as const;

function mark(name: string): void {
  globalThis.performance?.mark?.(name);
}

function defaultAfterPaint(task: () => void): void {
  if (typeof requestAnimationFrame !== 'function') return void setTimeout(task, 0);
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(task, 0)));
}

interface Opening {
  readonly generation: number;
  readonly controller: AbortController;
  /** The view shown when the open began. */
  readonly view: ViewName | undefined;
}

/** What the worker is given: the files, what moves with them, and their names. */
interface ToOpen {
  readonly inputs: readonly OpenInput[];
  readonly transfer: readonly Transferable[];
  readonly names: readonly string[];
}

export function createIncidentActions({ host, analysis, store, show, currentView, fileInputs, afterPaint = defaultAfterPaint }: IncidentActionDeps): IncidentActions {
  let opening: Opening | undefined;

  /** Marks a new open as loading (stopping the one before); returns it. */
  const begin = (label: string, source: OpenSource | undefined): Opening => {
    opening?.controller.abort();
    let generation = 0;
    store.set((state) => {
      generation = state.generation + 1;
      return { ...state, generation, incident: { phase: 'loading', label, source } };
    });
    opening = { generation, controller: new AbortController(), view: currentView?.() };
    mark(OPEN_MARKS.requested);
    return opening;
  };
  const current = (open: Opening): boolean => store.get().generation === open.generation;
  const fail = (open: Opening, label: string, source: OpenSource | undefined, error: AppErrorData): void => {
    if (!current(open)) return;
    store.set((state) => ({ ...state, incident: { phase: 'failed', label, source, error } }));
    show('start', undefined);
  };

  const parse = async (open: Opening, label: string, source: OpenSource | undefined, files: ToOpen, view: ViewName): Promise<void> => {
    if (!current(open)) return;
    const opened = await analysis.query(
      'open',
      { inputs: files.inputs, ...parseWorkersAsked(globalThis.location) },
      {
        transfer: files.transfer,
        signal: open.controller.signal,
        onProgress: (progress) => {
          if (!current(open)) return;
          store.set((state) => (state.incident.phase === 'loading' ? { ...state, incident: { ...state.incident, progress } } : state));
        },
      },
    );
    if (!current(open)) return;
    if (!opened.ok) return fail(open, label, source, opened.error);
    mark(OPEN_MARKS.ready);
    store.set((state) => ({ ...state, selection: {}, incident: { phase: 'ready', label, source, overview: opened.value } }));
    // A view the user chose while the file was opening stays; otherwise the open's view is shown.
    const now = currentView?.();
    if (now === undefined || open.view === undefined || now === open.view) show(view, source);
    // What the first view does not need (the filter's indexes) is built once it is on screen.
    afterPaint(() => {
      if (current(open)) void analysis.query('prepareIndexes', {});
    });
  };

  /** The files of a source: streamed by handle where the host can (names and sizes first), else their bytes. */
  const filesOf = async (source: OpenSource): Promise<Result<ToOpen>> => {
    if (fileInputs) {
      const granted = await host.streamFiles(source.kind === 'demo' ? { demo: true } : { handles: [...source.handles] });
      if (!granted.ok) return granted;
      return { ok: true, value: { inputs: fileInputs(granted.value.files), transfer: [], names: granted.value.files.map((file) => file.name) } };
    }
    const files: Result<OpenedFiles> = source.kind === 'demo' ? await host.openDemo() : await host.openSnapshot({ handles: [...source.handles] });
    if (!files.ok) return files;
    const inputs = files.value.files.map((file) => ({ name: file.name, bytes: file.bytes }));
    return { ok: true, value: { inputs, transfer: buffersOf(inputs.map((input) => input.bytes)), names: inputs.map((input) => input.name) } };
  };

  const openSource = async (source: OpenSource, view: ViewName, known?: string): Promise<void> => {
    // A handle says nothing about its file: until the host answers, the label is a count.
    const label = known ?? (source.kind === 'demo' ? 'the demo incident' : formatQuantity(source.handles.length, 'file'));
    const open = begin(label, source);
    const files = await filesOf(source);
    if (!current(open)) return;
    if (!files.ok) return fail(open, label, source, files.error);
    const named = labelOf(files.value.names);
    // The progress shows the file's name from now on.
    store.set((state) => (state.incident.phase === 'loading' ? { ...state, incident: { ...state.incident, label: named } } : state));
    await parse(open, named, source, files.value, view);
  };

  return {
    openSource,
    openDemo: () => openSource({ kind: 'demo' }, 'map'),
    openRecent: (entry) => openSource({ kind: 'files', handles: entry.files.map((file) => file.handle) }, 'map', entry.label),
    async openFiles(files) {
      if (files.length === 0) return;
      const label = labelOf(files.map((file) => file.name));
      const open = begin(label, undefined);
      let inputs: OpenInput[];
      try {
        // A File goes to the worker as it is (a reference, not its bytes): the worker streams it from disk.
        inputs = await Promise.all(
          files.map(async (file): Promise<OpenInput> => (typeof file.stream === 'function' ? { name: file.name, blob: file as unknown as BlobLike } : { name: file.name, bytes: await readFileBytes(file) })),
        );
      } catch (error) {
        return fail(open, label, undefined, { kind: 'invalidInput', message: `The browser could not read ${label}: ${error instanceof Error ? error.message : String(error)}` });
      }
      const transfer = buffersOf(inputs.flatMap((input) => ('bytes' in input ? [input.bytes] : [])));
      await parse(open, label, undefined, { inputs, transfer, names: inputs.map((input) => input.name) }, 'map');
    },
    cancelOpen() {
      const open = opening;
      const incident = store.get().incident;
      if (!open || !current(open) || incident.phase !== 'loading') return;
      open.controller.abort();
      // A new generation: whatever the worker still sends about this open is ignored.
      store.set((state) => ({
        ...state,
        generation: state.generation + 1,
        incident: { phase: 'failed', label: incident.label, source: incident.source, error: { kind: 'cancelled', message: `Opening ${incident.label} was cancelled; nothing is open.` } },
      }));
      show('start', undefined);
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

/** The parse workers the page's URL asks for (`?parseWorkers=N`, a benchmark's or a test's knob); none asked, the worker chooses. */
export function parseWorkersAsked(location: Pick<Location, 'search'> | undefined): { readonly parseWorkers?: number } {
  const asked = location === undefined ? null : new URLSearchParams(location.search).get('parseWorkers');
  const count = asked === null ? Number.NaN : Number(asked);
  return Number.isInteger(count) && count >= 0 ? { parseWorkers: count } : {};
}
