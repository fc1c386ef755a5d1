import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/support/fixtures.ts';
import { apiHeaders, callHost, launchHandles, NEVER_GRANTED, rawRequest, writeRecentList } from '../../test/support/host-requests.ts';
import { fileBytesPath } from '../../shared/contract/host/index.ts';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import type { CaptureService } from '../capture/capture-service.ts';
import { writeSnapshotFile } from '../files/snapshot-file.ts';
import { startServer, type RunningServer } from './serve.ts';

/**
 * The page as an attacker would use it, with the session token: every request that names a path,
 * a handle never granted, a snapshot other than the one open, a raw import, or a place to capture
 * into is refused, and the host writes nothing and adds nothing to the recent list.
 */

const RAW = fixturePath('aws-cli-examples/batch-get-traces_output.json');
const OTHER_SNAPSHOT_HANDLE = 'otherSnapshotHandle000';
const NOTES = { summary: 'written by an attacker', bookmarks: [] };

let dir: string;
let home: string;
let server: RunningServer;
let openHandle: string;
let otherSnapshot: string;
let rawCopy: string;
let rawHandle: string;
const captureCalls: unknown[] = [];

/** Every file under `root` with its size and SHA-256: what "writes nothing" is checked against. */
async function treeOf(root: string): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  const pending = [root];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const entry of await readdir(next, { withFileTypes: true })) {
      const path = join(next, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else tree.set(relative(root, path), `${(await stat(path)).size} ${createHash('sha256').update(await readFile(path)).digest('hex')}`);
    }
  }
  return tree;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-hostile-'));
  home = join(dir, 'home');
  await mkdir(join(dir, 'static'));
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html>');
  const { content } = await openInputs([{ name: 'batch.json', bytes: new Uint8Array(await readFile(RAW)) }]);
  const opened = join(dir, 'open.json.gz');
  otherSnapshot = join(dir, 'other.json.gz');
  rawCopy = join(dir, 'raw-import.json');
  await writeSnapshotFile(opened, content);
  await writeSnapshotFile(otherSnapshot, content);
  await copyFile(RAW, rawCopy);
  // Opened before (so granted), but not opened in this session: another snapshot, and a raw import.
  rawHandle = 'rawImportHandle0000000';
  await writeRecentList(home, [[{ handle: OTHER_SNAPSHOT_HANDLE, path: otherSnapshot }], [{ handle: rawHandle, path: rawCopy }]]);
  const capture: CaptureService = {
    start: async (request) => {
      captureCalls.push(request);
      return { captureId: 'c1', outputPath: join(dir, 'captures', 'capture.json.gz') };
    },
    cancel: async () => ({ cancelled: false }),
  };
  server = await startServer({ staticDir: join(dir, 'static'), demoPath: fixturePath('aws-iatk/go_test_documents_as_BatchGetTraces.json'), home, file: opened, capture });
  [openHandle = ''] = launchHandles(server.url);
  // The page opens its launch file (alone): the only snapshot its notes may go into.
  expect(await callHost(server, 'openSnapshot', { handles: [openHandle] })).toMatchObject({ ok: true });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

let before: Map<string, string>;
beforeEach(async () => {
  before = await treeOf(dir);
  captureCalls.length = 0;
});

/** The request is refused as data, names no path it was not shown, leaks nothing, and changes no file. */
async function expectRefused(channel: string, payload: unknown, kind: string): Promise<string> {
  const result = await callHost(server, channel, payload);
  expect(result, `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { kind } });
  const text = JSON.stringify(result);
  for (const secret of ['root:', 'AWS_', 'PATH=', '/etc/', '/proc/']) expect(text, channel).not.toContain(secret);
  expect(await treeOf(dir)).toEqual(before);
  return result.ok ? '' : result.error.message;
}

describe('the host opens only what the user chose', () => {
  it('refuses to open any path: /etc/passwd, /proc/self/environ, dir/../x, a file never chosen', async () => {
    const neverChosen = join(dir, 'never-chosen.json');
    await writeFile(neverChosen, '{}');
    before = await treeOf(dir);
    for (const path of ['/etc/passwd', '/etc/shadow', '/proc/self/environ', `${dir}/static/../open.json.gz`, 'static/../../open.json.gz', neverChosen]) {
      await expectRefused('openSnapshot', { paths: [path] }, 'invalidInput');
      await expectRefused('openSnapshot', { handles: [path] }, 'invalidInput');
      await expectRefused('openSnapshot', { handles: [openHandle], paths: [path] }, 'invalidInput');
      await expectRefused('openSnapshot', { files: [{ name: path, bytes: new Uint8Array([1]) }] }, 'invalidInput');
    }
  });

  it('refuses a handle it never gave out, naming no path', async () => {
    const message = await expectRefused('openSnapshot', { handles: [NEVER_GRANTED] }, 'notFound');
    expect(message).toMatch(/does not know.*not chosen here and is not in the recent list/);
    expect(message).not.toContain('/');
    // One unknown handle among granted ones: nothing is opened.
    await expectRefused('openSnapshot', { handles: [openHandle, NEVER_GRANTED] }, 'notFound');
  });

  it('serves no bytes for a path, a traversal or a handle never granted', async () => {
    for (const path of ['/api/files/%2Fetc%2Fpasswd', '/api/files/..%2F..%2F..%2Fetc%2Fpasswd', '/api/files/../../etc/passwd', '/api/files/', fileBytesPath(NEVER_GRANTED), `${fileBytesPath(openHandle)}/..`]) {
      const answer = await rawRequest(server, path, { headers: apiHeaders(server) });
      expect([403, 404], path).toContain(answer.status);
      expect(answer.body.toString(), path).not.toContain('root:');
    }
  });

  it('refuses notes for a path, for another snapshot, for a raw import and for the demo, and writes nothing', async () => {
    await expectRefused('saveNotes', { path: otherSnapshot, notes: NOTES }, 'invalidInput');
    await expectRefused('saveNotes', { handle: openHandle, path: otherSnapshot, notes: NOTES }, 'invalidInput');
    await expectRefused('saveNotes', { handle: NEVER_GRANTED, notes: NOTES }, 'notFound');
    // Granted (it is in the recent list) but not the incident open here.
    expect(await expectRefused('saveNotes', { handle: OTHER_SNAPSHOT_HANDLE, notes: NOTES }, 'invalidInput')).toMatch(/has not been opened on its own here/);
    // Opened alone, but an import file has no place for notes.
    expect(await callHost(server, 'openSnapshot', { handles: [rawHandle] })).toMatchObject({ ok: true });
    before = await treeOf(dir);
    expect(await expectRefused('saveNotes', { handle: rawHandle, notes: NOTES }, 'invalidInput')).toMatch(/Notes are saved inside an incident snapshot/);
    const demo = await callHost(server, 'openDemo', {});
    const demoHandle = demo.ok ? (demo.value as { files: { handle: string }[] }).files[0]?.handle : undefined;
    expect(demoHandle).toMatch(/^[A-Za-z0-9_-]{22}$/);
    before = await treeOf(dir);
    expect(await expectRefused('saveNotes', { handle: demoHandle, notes: NOTES }, 'invalidInput')).toMatch(/demo incident is read-only/);
  });

  it('refuses a capture that names its output or a folder, and starts nothing', async () => {
    const now = new Date().toISOString();
    const request = { regions: ['us-east-1'], window: { start: now, end: now } };
    for (const extra of [{ outputPath: join(dir, 'stolen.json.gz') }, { outputPath: '/etc/cron.d/x' }, { outputDir: join(dir, 'chosen-folder') }, { output: { folder: dir } }]) {
      await expectRefused('startCapture', { ...request, ...extra }, 'invalidInput');
    }
    expect(captureCalls).toEqual([]);
    expect(existsSync(join(dir, 'stolen.json.gz'))).toBe(false);
    expect(existsSync(join(dir, 'chosen-folder'))).toBe(false);
    // The same request without them starts, and answers with a handle for the host's own file.
    const started = await callHost(server, 'startCapture', request);
    expect(started).toMatchObject({ ok: true, value: { captureId: 'c1', file: { name: 'capture.json.gz', folder: join(dir, 'captures') } } });
    expect(captureCalls).toEqual([request]);
  });

  it('added nothing to the recent list for any refused request', async () => {
    const stored = JSON.parse(await readFile(join(home, 'recent.json'), 'utf8')) as { entries: { files: { handle: string }[] }[] };
    // Only the two opens that were allowed: the launch file, then the raw import (newest first), and the other snapshot listed before.
    expect(stored.entries.map((entry) => entry.files.map((file) => file.handle))).toEqual([[rawHandle], [openHandle], [OTHER_SNAPSHOT_HANDLE]]);
  });
});
