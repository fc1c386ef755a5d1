import { describe, expect, it } from 'vitest';
import { ipcEventChannel } from '../../shared/contract/host/index.ts';
import { hostBridge, type IpcRendererLike } from './bridge.ts';

/** The preload's bridge over a fake ipcRenderer: what it sends, what it refuses, and its events. */

class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: [string, unknown][] = [];
  readonly listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  constructor(private readonly answer: (channel: string) => unknown) {}
  async invoke(channel: string, payload: unknown): Promise<unknown> {
    this.invoked.push([channel, payload]);
    return this.answer(channel);
  }
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void {
    this.listeners.set(channel, (this.listeners.get(channel) ?? new Set()).add(listener));
  }
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void {
    this.listeners.get(channel)?.delete(listener);
  }
}

describe('hostBridge', () => {
  it('exposes the contract\'s methods only, and checks requests before they leave', async () => {
    const ipc = new FakeIpcRenderer(() => ({ ok: true, value: { entries: [] } }));
    const bridge = hostBridge(ipc);
    expect(Object.keys(bridge).sort()).toEqual(['cancelCapture', 'estimateCapture', 'getAppInfo', 'getCaptureSetup', 'listRecent', 'onDidCaptureProgress', 'onDidMenuCommand', 'onDidSignIn', 'openDemo', 'openSnapshot', 'pickFiles', 'saveNotes', 'signIn', 'startCapture', 'streamFiles']);
    expect(await bridge.listRecent()).toEqual({ ok: true, value: { entries: [] } });
    expect(ipc.invoked).toEqual([['listRecent', {}]]);
    // A path where a handle belongs never reaches the main process.
    const refused = await bridge.openSnapshot({ handles: ['/etc/passwd'] });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    expect(ipc.invoked).toHaveLength(1);
  });

  it('refuses an answer of the wrong shape', async () => {
    const bridge = hostBridge(new FakeIpcRenderer(() => ({ ok: true, value: { entries: 'nope' } })));
    expect(await bridge.listRecent()).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('delivers capture progress events that fit the contract, until unsubscribed', () => {
    const ipc = new FakeIpcRenderer(() => undefined);
    const bridge = hostBridge(ipc);
    const seen: unknown[] = [];
    const stop = bridge.onDidCaptureProgress((event) => seen.push(event));
    const channel = ipcEventChannel('captureProgress');
    const emit = (payload: unknown) => ipc.listeners.get(channel)?.forEach((listener) => listener({}, payload));
    emit({ nonsense: true });
    expect(seen).toEqual([]);
    const progress = { captureId: 'c1', phase: 'traces', done: 3, total: 10, counts: { traces: 3, segments: 12, events: 0, metricResults: 0, requests: 4 } };
    emit(progress);
    expect(seen).toEqual([progress]);
    stop();
    emit(progress);
    expect(seen).toHaveLength(1);
    expect(ipc.listeners.get(channel)?.size).toBe(0);
  });
});
