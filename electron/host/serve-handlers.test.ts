import { mkdir, mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/base/errors.ts';
import type { CaptureProgress } from '../../shared/contract/host/index.ts';
import type { CaptureService } from '../capture/capture-service.ts';
import { fixturePath } from '../../test/support/fixtures.ts';
import { createWebHost, openFileError, MAX_OPEN_BYTES, type WebHostOptions } from './serve-handlers.ts';

/**
 * The web host's handlers called directly (no HTTP, each host made in its test): what they refuse
 * and why, what goes into the recent list, and what a plugged-in capture service may send on.
 */

let dir: string;
const BATCH = fixturePath('aws-cli-examples/batch-get-traces_output.json');
const NOTES = { summary: 'x', bookmarks: [] };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-handlers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The AppError a call rejects with. */
async function refusal(call: Promise<unknown>): Promise<AppError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the call was not refused');
}

async function hostWithDemo(extra: Partial<WebHostOptions> = {}) {
  const demoPath = join(dir, 'demo.json.gz');
  await writeFile(demoPath, 'demo bytes');
  return { demoPath, ...(await createWebHost({ demoPath, home: join(dir, 'home'), ...extra })) };
}

describe('openFileError', () => {
  it('names the file and the problem for each error code', () => {
    const path = '/data/x.json.gz';
    const of = (code: string | undefined, message = 'boom') => openFileError(path, Object.assign(new Error(message), code === undefined ? {} : { code }));
    expect(of('ENOENT').toData()).toMatchObject({ kind: 'notFound', where: path, message: `${path}: no such file. It may have been moved or deleted; open it from its new place.` });
    for (const code of ['EACCES', 'EPERM']) expect(of(code).toData(), code).toMatchObject({ kind: 'auth', where: path, message: `${path}: permission denied. Check the file's permissions.` });
    expect(of('EISDIR').toData()).toMatchObject({ kind: 'invalidInput', where: path, message: `${path}: it is a folder.` });
    expect(of('EIO', 'i/o error').toData()).toMatchObject({ kind: 'invalidInput', where: path, message: `${path}: the disk reported an input/output error.` });
    expect(of('EWEIRD', 'strange').toData()).toMatchObject({ kind: 'invalidInput', where: path, message: `${path} cannot be read: strange` });
    expect(openFileError(path, 'not an Error').message).toBe(`${path} cannot be read: not an Error`);
  });
});

describe('opening granted files', () => {
  it('refuses a folder and a device, naming them, and opens nothing', async () => {
    const host = await createWebHost({ demoPath: join(dir, 'none'), home: join(dir, 'home') });
    const folder = join(dir, 'folder');
    await mkdir(folder);
    const asFolder = await refusal(host.handlers.openSnapshot({ handles: [host.grants.grant(folder, 'chosen')] }));
    expect(asFolder.toData()).toMatchObject({ kind: 'invalidInput', where: folder, message: `${folder} is a folder, not a file; open the files inside it.` });
    const device = await refusal(host.handlers.streamFiles({ handles: [host.grants.grant('/dev/null', 'chosen')] }));
    expect(device.toData()).toMatchObject({ kind: 'invalidInput', where: '/dev/null', message: '/dev/null is a character device, not a file; open a snapshot or a file of X-Ray or CloudTrail data.' });
    expect((await host.handlers.listRecent({})).entries).toEqual([]);
  });

  it('refuses files larger than one open may read (1 GiB) before reading any', async () => {
    const big = join(dir, 'big.json');
    const file = await open(big, 'w');
    await file.truncate(MAX_OPEN_BYTES + 1);
    await file.close();
    const host = await createWebHost({ demoPath: join(dir, 'none'), home: join(dir, 'home') });
    const refused = await refusal(host.handlers.openSnapshot({ handles: [host.grants.grant(big, 'chosen')] }));
    expect(refused.toData()).toMatchObject({ kind: 'invalidInput', where: big, message: 'The files are larger than the 1 GiB one open may read. Open fewer files at once.' });
  });

  it('still opens when the recent list cannot be written (its home is a file)', async () => {
    const home = join(dir, 'home-is-a-file');
    await writeFile(home, 'not a folder');
    const host = await createWebHost({ demoPath: join(dir, 'none'), home });
    const handle = host.grants.grant(BATCH, 'chosen');
    const opened = await host.handlers.openSnapshot({ handles: [handle] });
    expect(opened.files.map((f) => [f.handle, f.name, f.bytes.byteLength])).toEqual([[handle, 'batch-get-traces_output.json', (await stat(BATCH)).size]]);
  });
});

describe('the demo', () => {
  it('is read-only and stays out of the recent list, opened by its handle alone or with another file', async () => {
    const host = await hostWithDemo();
    const demo = host.demoHandle!;
    expect(host.grants.describe(demo)).toEqual({ handle: demo, name: 'demo.json.gz' });
    await host.handlers.openSnapshot({ handles: [demo] });
    expect((await refusal(host.handlers.saveNotes({ handle: demo, notes: NOTES }))).message).toMatch(/^The demo incident is read-only/);
    const chosen = host.grants.grant(BATCH, 'chosen');
    await host.handlers.openSnapshot({ handles: [demo, chosen] });
    await host.handlers.streamFiles({ demo: true });
    expect((await host.handlers.listRecent({})).entries).toEqual([]);
    // The file opened alone goes into the list.
    await host.handlers.openSnapshot({ handles: [chosen] });
    expect((await host.handlers.listRecent({})).entries.map((entry) => entry.files.map((file) => file.handle))).toEqual([[chosen]]);
  });

  it('is the one installed when the host started: a demo written later is not offered', async () => {
    const demoPath = join(dir, 'demo.json.gz');
    const host = await createWebHost({ demoPath, home: join(dir, 'home') });
    expect(host.demoHandle).toBeUndefined();
    await writeFile(demoPath, 'demo bytes');
    expect((await refusal(host.handlers.openDemo({}))).message).toMatch(/^The demo incident is not installed/);
  });

  it('says it is not installed when its file went away after the host started', async () => {
    const host = await hostWithDemo();
    expect(host.demoHandle).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await host.handlers.getAppInfo({})).demoAvailable).toBe(true);
    await rm(host.demoPath);
    const message = /^The demo incident is not installed \(resources\/demo-incident\.json\.gz is missing\)/;
    expect((await refusal(host.handlers.openDemo({}))).message).toMatch(message);
    expect((await refusal(host.handlers.streamFiles({ demo: true }))).toData()).toMatchObject({ kind: 'notFound', message: expect.stringMatching(message) });
    expect((await host.handlers.getAppInfo({})).demoAvailable).toBe(false);
  });
});

describe('what the host says about itself, and capture', () => {
  const counts = { traces: 1, segments: 2, events: 0, metricResults: 0, requests: 1 };
  const now = new Date(0).toISOString();
  const request = { regions: ['eu-west-1'], window: { start: now, end: now } };

  it('without a capture service: no capture, and both calls refused with what to run instead', async () => {
    const host = await createWebHost({ demoPath: join(dir, 'none'), home: join(dir, 'home') });
    expect(await host.handlers.getAppInfo({})).toMatchObject({ name: 'Trace Explorer', host: 'web', demoAvailable: false, canCapture: false, canSaveNotes: true });
    const missing = 'Capturing from AWS is not available in this browser session. Run `trace-explorer capture` in a terminal, then open the snapshot it writes.';
    expect((await refusal(host.handlers.startCapture(request as never))).toData()).toMatchObject({ kind: 'notFound', message: missing });
    expect((await refusal(host.handlers.cancelCapture({ captureId: 'c' }))).toData()).toMatchObject({ kind: 'notFound', message: missing });
    expect((await refusal(host.handlers.getCaptureSetup({}))).toData()).toMatchObject({ kind: 'notFound', message: missing });
    expect((await refusal(host.handlers.estimateCapture(request as never))).toData()).toMatchObject({ kind: 'notFound', message: missing });
    expect((await refusal(host.handlers.signIn({ profile: 'p' }))).toData()).toMatchObject({ kind: 'notFound', message: missing });
    expect((await refusal(host.handlers.pickFiles({ multiple: true }))).message).toBe(
      'Choosing files through the host is not available here. In a browser, use "Open files…" or drop the files on the page: the browser reads them itself, and they never go through the host.',
    );
  });

  it('with one: passes on only progress of the contract’s shape, and only its fields', async () => {
    const sent: CaptureProgress[] = [];
    const capture: CaptureService = {
      async start(_request, emit) {
        emit({ captureId: 'cap-1', phase: 'traces', done: 1, counts, outputPath: '/secret/path' } as CaptureProgress);
        emit({ captureId: '', phase: 'traces', done: -1, counts } as CaptureProgress);
        return { captureId: 'cap-1', outputPath: join(dir, 'captures', 'c.json.gz') };
      },
      cancel: async () => ({ cancelled: true }),
    };
    const host = await createWebHost({ demoPath: join(dir, 'none'), home: join(dir, 'home'), capture, emit: (event) => sent.push(event) });
    expect((await host.handlers.getAppInfo({})).canCapture).toBe(true);
    const started = await host.handlers.startCapture(request as never);
    expect(started).toEqual({ captureId: 'cap-1', file: { handle: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), name: 'c.json.gz', folder: join(dir, 'captures') } });
    expect(sent).toEqual([{ captureId: 'cap-1', phase: 'traces', done: 1, counts }]);
    expect(await host.handlers.cancelCapture({ captureId: 'cap-1' })).toEqual({ cancelled: true });
    // A host with nobody listening drops the progress.
    const quiet = await createWebHost({ demoPath: join(dir, 'none'), home: join(dir, 'home'), capture });
    await expect(quiet.handlers.startCapture(request as never)).resolves.toMatchObject({ captureId: 'cap-1' });
  });

  it('passes on the dialog\'s answers only in the contract\'s shape: a token a service added never leaves', async () => {
    const profile = { name: 'corp', region: 'eu-west-1', sso: { state: 'valid' as const, refreshable: true } };
    let leak = false;
    const capture: CaptureService = {
      start: async () => ({ captureId: 'c', outputPath: join(dir, 'c.json.gz') }),
      cancel: async () => ({ cancelled: false }),
      setup: async () => ({ profiles: [leak ? { ...profile, accessToken: 'secret-token' } : profile], defaultRegion: 'eu-west-1' }),
      estimate: async () => ({ calls: 3, seconds: 1, perApi: [], traceIdsPerCall: 5, eventsPerCall: 50 }),
      signIn: async (name, emit) => {
        emit({ profile: name, outcome: 'signedIn', signedIn: profile, token: 'secret-token' } as never);
        emit({ profile: name, outcome: 'signedIn', signedIn: profile });
        return { profile: { ...profile, name } };
      },
    };
    const signIns: unknown[] = [];
    const host = await createWebHost({ demoPath: join(dir, 'none'), home: join(dir, 'home'), capture, emitSignIn: (event) => signIns.push(event) });
    expect(await host.handlers.getCaptureSetup({})).toEqual({ profiles: [profile], defaultRegion: 'eu-west-1' });
    expect(await host.handlers.estimateCapture(request as never)).toEqual({ calls: 3, seconds: 1, perApi: [], traceIdsPerCall: 5, eventsPerCall: 50 });
    expect(await host.handlers.signIn({ profile: 'corp' })).toEqual({ profile });
    // The event with a field the contract does not have is not passed on at all.
    expect(signIns).toEqual([{ profile: 'corp', outcome: 'signedIn', signedIn: profile }]);
    leak = true;
    const refused = (await refusal(host.handlers.getCaptureSetup({}))).toData();
    expect(refused).toMatchObject({ kind: 'internal', message: expect.stringMatching(/^The capture service answered getCaptureSetup with what the page may not get/) });
    expect(JSON.stringify(refused)).not.toContain('secret-token');
  });
});
