import type { AppErrorData } from '../../../shared/base/errors.ts';
import type { CaptureProgress, CaptureRequest, GrantedFile, HostApi } from '../../../shared/contract/host/index.ts';

/**
 * One capture from the app at a time, kept outside the view so that it runs on (and its progress
 * is kept) while the user looks at other views: the request, the host's progress events for its
 * id, and how it ended. Done, the snapshot opens through the app's open path (`open`); a partial
 * one (cancelled, failed after fetching) waits for the user: open what was fetched, or resume.
 */
export type CaptureRun =
  | { readonly phase: 'idle' }
  | { readonly phase: 'starting'; readonly request: CaptureRequest }
  /** startCapture itself was refused (bad request, one already running, no capture here). */
  | { readonly phase: 'refused'; readonly request: CaptureRequest; readonly error: AppErrorData }
  | { readonly phase: 'running'; readonly request: CaptureRequest; readonly captureId: string; readonly file: GrantedFile; readonly progress: CaptureProgress | undefined; readonly cancelling: boolean }
  | { readonly phase: 'finished'; readonly request: CaptureRequest; readonly captureId: string; readonly file: GrantedFile; readonly last: CaptureProgress };

const FINAL = new Set<CaptureProgress['phase']>(['done', 'failed', 'cancelled']);

export interface CaptureSession {
  get(): CaptureRun;
  subscribe(listener: () => void): () => void;
  start(request: CaptureRequest): Promise<void>;
  cancel(): Promise<void>;
  /** Back to the form (after a capture ended or was refused). */
  reset(): void;
}

/** `open` opens a granted file in the app (the incident actions' openSource). */
export function createCaptureSession(host: HostApi, open: (file: GrantedFile) => void): CaptureSession {
  let run: CaptureRun = { phase: 'idle' };
  const listeners = new Set<() => void>();
  // Events may arrive before startCapture answers with their id: keep them until it does.
  const early = new Map<string, CaptureProgress[]>();
  const set = (next: CaptureRun): void => {
    run = next;
    for (const listener of [...listeners]) listener();
  };
  const apply = (event: CaptureProgress): void => {
    if (run.phase !== 'running' || run.captureId !== event.captureId) return;
    if (!FINAL.has(event.phase)) return set({ ...run, progress: event });
    set({ phase: 'finished', request: run.request, captureId: run.captureId, file: run.file, last: event });
    if (event.phase === 'done') open(run.file);
  };
  host.onDidCaptureProgress((event) => {
    if (run.phase === 'starting') {
      const list = early.get(event.captureId) ?? [];
      list.push(event);
      early.set(event.captureId, list);
      return;
    }
    apply(event);
  });

  return {
    get: () => run,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start(request) {
      if (run.phase === 'starting' || run.phase === 'running') return;
      early.clear();
      set({ phase: 'starting', request });
      const started = await host.startCapture(request);
      if (!started.ok) return set({ phase: 'refused', request, error: started.error });
      const { captureId, file } = started.value;
      set({ phase: 'running', request, captureId, file, progress: undefined, cancelling: false });
      for (const event of early.get(captureId) ?? []) apply(event);
      early.clear();
    },
    async cancel() {
      if (run.phase !== 'running' || run.cancelling) return;
      set({ ...run, cancelling: true });
      const captureId = run.captureId;
      const answer = await host.cancelCapture({ captureId });
      // Not running any more (it ended meanwhile): its last event says how.
      if (!answer.ok && run.phase === 'running' && run.captureId === captureId) set({ ...run, cancelling: false });
    },
    reset() {
      if (run.phase === 'refused' || run.phase === 'finished') set({ phase: 'idle' });
    },
  };
}

const sessions = new WeakMap<HostApi, CaptureSession>();

/** The session of this host (one per app). */
export function captureSessionFor(host: HostApi, open: (file: GrantedFile) => void): CaptureSession {
  let session = sessions.get(host);
  if (session === undefined) {
    session = createCaptureSession(host, open);
    sessions.set(host, session);
  }
  return session;
}
