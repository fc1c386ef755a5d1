import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHeaders, callHost, NEVER_GRANTED } from '../../test/support/host-requests.ts';
import { BodyTooLarge, createBodyReader, MAX_REQUEST_BODY_BYTES } from './serve-body.ts';
import { startServer, type RunningServer } from './serve.ts';

/** A request as the reader sees it: a stream with headers. */
function fakeRequest(declared?: number): PassThrough & IncomingMessage {
  const stream = new PassThrough();
  return Object.assign(stream, { headers: declared === undefined ? {} : { 'content-length': String(declared) } }) as unknown as PassThrough & IncomingMessage;
}

describe('request body caps', () => {
  const limits = { perRequest: 1000, total: 2500 };

  it('reads a body up to the cap, and refuses one byte more whether declared or not', async () => {
    const reader = createBodyReader(limits);
    const fits = fakeRequest(1000);
    const read = reader.read(fits);
    fits.end(Buffer.alloc(1000, 7));
    expect((await read).byteLength).toBe(1000);

    const declared = fakeRequest(1001);
    await expect(reader.read(declared)).rejects.toThrow(BodyTooLarge);
    // Refused before reading anything: the body is never consumed.
    expect(declared.readableFlowing).toBeNull();

    const undeclared = fakeRequest();
    const refused = reader.read(undeclared);
    undeclared.write(Buffer.alloc(600));
    undeclared.write(Buffer.alloc(401));
    await expect(refused).rejects.toThrow(/at most 1000 B per request/);
    expect(undeclared.isPaused()).toBe(true);
    expect(reader.inFlight()).toBe(0);
  });

  it('caps the bodies being read at once, and frees their share when they end or fail', async () => {
    const reader = createBodyReader(limits);
    const first = fakeRequest(900);
    const second = fakeRequest(900);
    const readFirst = reader.read(first);
    const readSecond = reader.read(second);
    expect(reader.inFlight()).toBe(1800);
    await expect(reader.read(fakeRequest(900))).rejects.toThrow(/already receiving 2.4 KiB of other requests/);
    // Undeclared bodies count as they arrive.
    const creeping = fakeRequest();
    const readCreeping = reader.read(creeping);
    creeping.write(Buffer.alloc(800));
    await expect(readCreeping).rejects.toThrow(/already receiving/);
    expect(reader.inFlight()).toBe(1800);
    first.end(Buffer.alloc(900));
    await readFirst;
    expect(reader.inFlight()).toBe(900);
    second.destroy(new Error('client went away'));
    await expect(readSecond).rejects.toThrow(/client went away/);
    expect(reader.inFlight()).toBe(0);
    const later = fakeRequest(900);
    const readLater = reader.read(later);
    later.end(Buffer.alloc(900));
    expect((await readLater).byteLength).toBe(900);
  });
});

describe('request body caps at their edges', () => {
  const limits = { perRequest: 1000, total: 2500 };

  it('takes bodies that fill the total exactly, declared or as they arrive, and one byte more is refused', async () => {
    const reader = createBodyReader(limits);
    const a = fakeRequest(1000);
    const b = fakeRequest(1000);
    const readA = reader.read(a);
    const readB = reader.read(b);
    const c = fakeRequest(500);
    const readC = reader.read(c);
    expect(reader.inFlight()).toBe(2500);
    const over = await reader.read(fakeRequest(1)).catch((error: unknown) => error);
    expect(over).toBeInstanceOf(BodyTooLarge);
    expect((over as Error).name).toBe('BodyTooLarge');
    expect((over as Error).message).toBe('Request refused: the Trace Explorer host is already receiving 2.4 KiB of other requests. Try again when they are done.');
    c.end(Buffer.alloc(500));
    expect((await readC).byteLength).toBe(500);
    expect(reader.inFlight()).toBe(2000);
    // Undeclared: 500 bytes as they arrive fill the total exactly.
    const creeping = fakeRequest();
    const readCreeping = reader.read(creeping);
    creeping.end(Buffer.alloc(500));
    expect((await readCreeping).byteLength).toBe(500);
    a.end(Buffer.alloc(1000));
    b.end(Buffer.alloc(1000));
    await Promise.all([readA, readB]);
    expect(reader.inFlight()).toBe(0);
  });

  it('counts a body by what it declared until it sends more, then by what it sent', async () => {
    const reader = createBodyReader(limits);
    const a = fakeRequest(1000);
    const readA = reader.read(a);
    const b = fakeRequest(1000);
    const readB = reader.read(b);
    const c = fakeRequest(100);
    const readC = reader.read(c);
    expect(reader.inFlight()).toBe(2100);
    a.write(Buffer.alloc(400));
    await new Promise((resolve) => setImmediate(resolve));
    expect(reader.inFlight()).toBe(2100);
    // 500 bytes on a declared 100: the 400 over it still fit the total.
    c.end(Buffer.alloc(500));
    expect((await readC).byteLength).toBe(500);
    expect(reader.inFlight()).toBe(2000);
    a.end(Buffer.alloc(600));
    b.end(Buffer.alloc(1000));
    expect((await readA).byteLength).toBe(1000);
    await readB;
  });

  it('refuses a body cut off before its end, and frees its share', async () => {
    const reader = createBodyReader(limits);
    const cut = Object.assign(fakeRequest(800), { complete: false });
    const read = reader.read(cut);
    cut.write(Buffer.alloc(300));
    cut.emit('close');
    await expect(read).rejects.toThrow(/^The request was cut off before its end\.$/);
    expect(reader.inFlight()).toBe(0);
  });

  it('uses the host’s caps by default: 4 MiB a request', async () => {
    const reader = createBodyReader();
    await expect(reader.read(fakeRequest(MAX_REQUEST_BODY_BYTES + 1))).rejects.toThrow('Request too large: the Trace Explorer host accepts at most 4 MiB per request');
    const fits = fakeRequest(MAX_REQUEST_BODY_BYTES);
    const read = reader.read(fits);
    expect(reader.inFlight()).toBe(MAX_REQUEST_BODY_BYTES);
    fits.end(Buffer.alloc(MAX_REQUEST_BODY_BYTES));
    expect((await read).byteLength).toBe(MAX_REQUEST_BODY_BYTES);
  });
});

/** Posts `total` bytes in 64 KiB chunks (one buffer reused), declared or chunked; says how much went out before the answer. */
function postHuge(server: RunningServer, total: number, declare: boolean, sample: () => void): Promise<{ status: number; text: string; sent: number; connection: string | undefined }> {
  const { port } = new URL(server.origin);
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  return new Promise((done, fail) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/getAppInfo', headers: { host: `127.0.0.1:${port}`, ...apiHeaders(server), ...(declare ? { 'content-length': String(total) } : {}) } },
      (res) => {
        answered = true;
        let text = '';
        res.on('data', (data: Buffer) => (text += data.toString('utf8')));
        res.on('end', () => done({ status: res.statusCode ?? 0, text, sent, connection: res.headers.connection }));
        res.on('error', fail);
      },
    );
    // The host closes the connection after its answer: a write error then is expected, not a failure.
    req.on('error', (error) => (answered ? undefined : fail(error)));
    const write = (): void => {
      while (!answered && !req.destroyed && sent < total) {
        sent += chunk.length;
        if (sent % (16 * chunk.length) === 0) sample();
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      if (!answered && !req.destroyed) req.end();
    };
    write();
  });
}

describe('request body caps over HTTP', () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serve-body-'));
    await mkdir(join(dir, 'static'));
    await writeFile(join(dir, 'static', 'index.html'), '<!doctype html>');
    server = await startServer({ staticDir: join(dir, 'static'), demoPath: join(dir, 'none'), home: join(dir, 'home') });
  });

  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 413 with a clear message to a body declared over the cap, and closes the connection', async () => {
    const answer = await postHuge(server, MAX_REQUEST_BODY_BYTES + 1, true, () => undefined);
    expect(answer.status).toBe(413);
    expect(answer.text).toMatch(/^Request too large: the Trace Explorer host accepts at most 4 MiB per request/);
    expect(answer.connection).toBe('close');
  });

  it('stays small under three parallel 1 GiB bodies, reads none of them through, and serves the next request', async () => {
    const gib = 1024 ** 3;
    const before = process.memoryUsage().rss;
    let peak = before;
    const sample = (): void => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const answers = await Promise.all([postHuge(server, gib, false, sample), postHuge(server, gib, false, sample), postHuge(server, gib, true, sample)]);
    sample();
    for (const answer of answers) {
      expect(answer.status).toBe(413);
      expect(answer.connection).toBe('close');
      // Closed after at most the cap plus what was in flight on the socket, not read through to the end.
      expect(answer.sent).toBeLessThan(64 * 1024 ** 2);
    }
    const grown = (peak - before) / 2 ** 20;
    console.log(`RSS with three parallel 1 GiB bodies: +${grown.toFixed(0)} MiB (sent ${answers.map((a) => (a.sent / 2 ** 20).toFixed(1)).join(', ')} MiB before the 413)`);
    expect(grown).toBeLessThan(200);
    // Nothing is kept reserved: a body of 3 MB (a summary of 1,000,000 three-byte characters) is read and answered.
    const summary = '€'.repeat(1_000_000);
    const after = await callHost(server, 'saveNotes', { handle: NEVER_GRANTED, notes: { summary, bookmarks: [] } });
    expect(after).toMatchObject({ ok: false, error: { kind: 'notFound' } });
  });
});
