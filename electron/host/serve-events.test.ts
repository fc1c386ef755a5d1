import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, EVENTS_PATH, HTTP_TOKEN_HEADER, type CaptureProgress } from '../../shared/contract/host/index.ts';
import { startServer } from './serve.ts';
import type { CaptureService } from '../capture/capture-service.ts';

describe('local web host events', () => {
  it('streams capture progress from a plugged-in capture service to the page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'serve-events-'));
    await mkdir(join(dir, 'static'));
    await writeFile(join(dir, 'static', 'index.html'), '<!doctype html>');
    const capture: CaptureService = {
      async start(_request, emit) {
        const counts = { traces: 5, segments: 20, events: 0, metricResults: 0, requests: 2 };
        // A service may add fields of its own (here, its path): only the contract's reach the page.
        setTimeout(() => emit({ captureId: 'cap-1', phase: 'traces', done: 5, total: 10, counts, outputPath: join(dir, 'captures', 'c.json.gz') } as CaptureProgress), 10);
        setTimeout(() => emit({ captureId: 'cap-1', phase: 'done', done: 10, total: 10, counts }), 20);
        return { captureId: 'cap-1', outputPath: join(dir, 'captures', 'c.json.gz') };
      },
      cancel: async () => ({ cancelled: false }),
    };
    const server = await startServer({ staticDir: join(dir, 'static'), demoPath: join(dir, 'none'), home: join(dir, 'home'), capture });
    try {
      const controller = new AbortController();
      const events = await fetch(`${server.origin}${EVENTS_PATH}`, { headers: { [HTTP_TOKEN_HEADER]: server.token }, signal: controller.signal });
      expect(events.headers.get('content-type')).toMatch(/ndjson/);
      const now = new Date().toISOString();
      const started = await fetch(`${server.origin}/api/startCapture`, {
        method: 'POST',
        headers: { [HTTP_TOKEN_HEADER]: server.token },
        body: encodeFrame({ regions: ['eu-west-1'], window: { start: now, end: now } }),
      });
      const answer = decodeFrame(new Uint8Array(await started.arrayBuffer())) as { ok: true; value: { captureId: string; file: { handle: string } } };
      expect(answer).toEqual({ ok: true, value: { captureId: 'cap-1', file: { handle: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), name: 'c.json.gz', folder: join(dir, 'captures') } } });
      const seen: CaptureProgress[] = [];
      const received: string[] = [];
      const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!seen.some((event) => event.phase === 'done')) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += chunk.value;
        const lines = text.split('\n');
        text = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          received.push(line);
          seen.push((JSON.parse(line) as { payload: CaptureProgress }).payload);
        }
      }
      expect(seen.map((event) => event.phase)).toEqual(['traces', 'done']);
      expect(received.map((line) => (JSON.parse(line) as { event: string }).event)).toEqual(['captureProgress', 'captureProgress']);
      expect(received.join('\n')).not.toContain(dir);
      controller.abort();
      const refused = await fetch(`${server.origin}${EVENTS_PATH}`);
      expect(refused.status).toBe(403);
    } finally {
      await server.close();
    }
  });
});
