import { describe, expect, it } from 'vitest';
import { AppError } from '../../base/errors.ts';
import { channels, type ChannelName } from './channels.ts';
import { decodeFrame, encodeFrame } from './frame.ts';
import type { HostHandlers, HostTransport } from './host-api.ts';
import { decodeSource, launchHash } from './launch.ts';
import { dispatchRequest, hostApiFromTransport } from './transport.ts';

const demoBytes = new Uint8Array([0x1f, 0x8b, 1, 2]);
/** Handles as the host makes them: 16 bytes in base64url. */
const HANDLE_A = 'AAAAAAAAAAAAAAAAAAAAAA';
const HANDLE_B = 'abcdefghijklmnopqrst-_';

function handlers(overrides: Partial<HostHandlers> = {}): HostHandlers {
  const fail = async (): Promise<never> => {
    throw new AppError('notFound', 'not here');
  };
  return {
    getAppInfo: async () => ({ name: 'Trace Explorer', version: '1.0.0', host: 'web', demoAvailable: true, canCapture: false, canSaveNotes: true }),
    openSnapshot: async (request) => ({ files: request.handles.map((handle) => ({ handle, name: `${handle}.json`, bytes: new Uint8Array([123, 125]) })) }),
    openDemo: async () => ({ files: [{ handle: HANDLE_A, name: 'demo.json.gz', bytes: demoBytes }] }),
    streamFiles: async (request) => ({ files: 'demo' in request ? [{ handle: HANDLE_A, name: 'demo.json.gz', size: 4 }] : request.handles.map((handle) => ({ handle, name: `${handle}.json`, size: 2 })) }),
    pickFiles: fail,
    listRecent: async () => ({ entries: [] }),
    saveNotes: fail,
    startCapture: fail,
    cancelCapture: fail,
    getCaptureSetup: fail,
    estimateCapture: fail,
    signIn: fail,
    ...overrides,
  };
}

/** A transport that goes through the binary frame both ways, like HTTP does. */
function framedTransport(host: HostHandlers): HostTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async invoke(channel: ChannelName, request: unknown) {
      sent.push(channel);
      const result = await dispatchRequest(host, channel, decodeFrame(encodeFrame(request)));
      return decodeFrame(encodeFrame(result));
    },
    subscribe: () => () => undefined,
  };
}

describe('contract', () => {
  it('carries bytes both ways through the frame and parses the answers', async () => {
    const api = hostApiFromTransport(framedTransport(handlers()));
    const demo = await api.openDemo();
    expect(demo).toEqual({ ok: true, value: { files: [{ handle: HANDLE_A, name: 'demo.json.gz', bytes: demoBytes }] } });
    const opened = await api.openSnapshot({ handles: [HANDLE_B] });
    expect(opened.ok && opened.value.files.map((file) => [file.handle, [...file.bytes]])).toEqual([[HANDLE_B, [123, 125]]]);
  });

  it('streamFiles: the demo or handles in, names and sizes out; a path or a mix of both is refused on each side', async () => {
    const api = hostApiFromTransport(framedTransport(handlers()));
    expect(await api.streamFiles({ demo: true })).toEqual({ ok: true, value: { files: [{ handle: HANDLE_A, name: 'demo.json.gz', size: 4 }] } });
    expect(await api.streamFiles({ handles: [HANDLE_B] })).toEqual({ ok: true, value: { files: [{ handle: HANDLE_B, name: `${HANDLE_B}.json`, size: 2 }] } });
    for (const bad of [{ demo: true, handles: [HANDLE_A] }, { handles: ['/etc/passwd'] }, { demo: false }, { paths: ['/etc/passwd'] }]) {
      const sent = await api.streamFiles(bad as never);
      expect(!sent.ok && sent.error.message).toMatch(/^Bad streamFiles request/);
      const direct = await dispatchRequest(handlers(), 'streamFiles', bad);
      expect(!direct.ok && direct.error.kind).toBe('invalidInput');
    }
  });

  it('returns thrown AppErrors as data with their kind', async () => {
    const api = hostApiFromTransport(framedTransport(handlers()));
    const saved = await api.saveNotes({ handle: HANDLE_A, notes: { summary: '', bookmarks: [] } });
    expect(saved).toEqual({ ok: false, error: { kind: 'notFound', message: 'not here' } });
  });

  it('refuses a bad request before it leaves, and the host refuses it again', async () => {
    const transport = framedTransport(handlers());
    const api = hostApiFromTransport(transport);
    const bad = await api.openSnapshot({ handles: [] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.kind).toBe('invalidInput');
    expect(transport.sent).toEqual([]);
    const direct = await dispatchRequest(handlers(), 'openSnapshot', { handles: 'not a list' });
    expect(!direct.ok && direct.error.message).toMatch(/^Bad openSnapshot request: handles/);
  });

  it('refuses every request that names a path, whatever else it holds', async () => {
    const opened: string[][] = [];
    const host = handlers({
      openSnapshot: async (request) => {
        opened.push(request.handles);
        return { files: [{ handle: HANDLE_A, name: 'x', bytes: new Uint8Array() }] };
      },
    });
    const notes = { summary: '', bookmarks: [] };
    const now = new Date().toISOString();
    const hostile: [string, unknown][] = [
      ['openSnapshot', { paths: ['/etc/passwd'] }],
      ['openSnapshot', { handles: ['/etc/passwd'] }],
      ['openSnapshot', { handles: ['/proc/self/environ'] }],
      ['openSnapshot', { handles: ['dir/../x'] }],
      ['openSnapshot', { handles: [HANDLE_A], paths: ['/etc/shadow'] }],
      ['openSnapshot', { files: [{ name: 'a.json', bytes: new Uint8Array([1]) }] }],
      ['saveNotes', { path: '/tmp/x.json.gz', notes }],
      ['saveNotes', { handle: HANDLE_A, path: '/tmp/x.json.gz', notes }],
      ['startCapture', { regions: ['us-east-1'], window: { start: now, end: now }, outputPath: '/tmp/x.json.gz' }],
      ['startCapture', { regions: ['us-east-1'], window: { start: now, end: now }, outputDir: '/tmp' }],
      ['pickFiles', { defaultPath: '/etc' }],
    ];
    for (const [channel, payload] of hostile) {
      const result = await dispatchRequest(host, channel, payload);
      expect(result, `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    }
    expect(opened).toEqual([]);
  });

  it('answers unknown channels (including prototype keys) with notFound', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'deleteEverything']) {
      const result = await dispatchRequest(handlers(), name, {});
      expect(!result.ok && result.error.kind).toBe('notFound');
    }
  });

  it('reports a host answer of the wrong shape as an internal error', async () => {
    const broken = handlers({ listRecent: async () => ({ entries: [{ paths: ['/etc/passwd'], label: 'passwd', openedAt: new Date().toISOString(), bytes: 1 }] }) as never });
    const result = await hostApiFromTransport(framedTransport(broken)).listRecent();
    expect(!result.ok && result.error.kind).toBe('internal');
  });

  it('reports a transport failure as an error value', async () => {
    const api = hostApiFromTransport({
      invoke: async () => {
        throw new Error('connection refused');
      },
      subscribe: () => () => undefined,
    });
    const info = await api.getAppInfo();
    expect(!info.ok && info.error.message).toMatch(/connection refused/);
  });

  it('delivers only well-formed progress events', () => {
    let deliver: (payload: unknown) => void = () => undefined;
    const api = hostApiFromTransport({
      invoke: async () => undefined,
      subscribe: (_event, listener) => {
        deliver = listener;
        return () => undefined;
      },
    });
    const seen: string[] = [];
    api.onDidCaptureProgress((event) => seen.push(event.phase));
    deliver({ captureId: 'c1', phase: 'traces', done: 3, counts: { traces: 3, segments: 9, events: 0, metricResults: 0, requests: 4 } });
    deliver({ captureId: 'c1', phase: 'exploding' });
    expect(seen).toEqual(['traces']);
  });

  it('has a request and a response schema for every channel', () => {
    for (const [name, spec] of Object.entries(channels)) {
      expect(typeof spec.request.safeParse, name).toBe('function');
      expect(typeof spec.response.safeParse, name).toBe('function');
    }
  });
});

describe('launch source in the URL', () => {
  it('round-trips the demo and file handles (base64url: - and _ included)', () => {
    const hash = launchHash({ kind: 'files', handles: [HANDLE_A, HANDLE_B] });
    expect(hash).toBe(`#/map?src=file%3A${HANDLE_A}&src=file%3A${HANDLE_B}`);
    const [, query = ''] = hash.split('?');
    expect(decodeSource(new URLSearchParams(query).getAll('src'))).toEqual({ kind: 'files', handles: [HANDLE_A, HANDLE_B] });
    expect(decodeSource(new URLSearchParams(launchHash({ kind: 'demo' }).split('?')[1]).getAll('src'))).toEqual({ kind: 'demo' });
  });

  it('refuses empty and mixed sources, and anything shaped like a path', () => {
    expect(decodeSource([])).toBeUndefined();
    expect(decodeSource(['demo', `file:${HANDLE_A}`])).toBeUndefined();
    expect(decodeSource(['file:'])).toBeUndefined();
    for (const value of ['path:/etc/passwd', 'file:/etc/passwd', 'file:../../etc/passwd', `file:${HANDLE_A}/..`, `file:${HANDLE_A}A`, 'file:/proc/self/environ']) {
      expect(decodeSource([value]), value).toBeUndefined();
      expect(decodeSource([`file:${HANDLE_B}`, value]), value).toBeUndefined();
    }
  });
});
