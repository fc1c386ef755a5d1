import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, HTTP_TOKEN_HEADER, hostApiFromTransport } from '../../shared/contract/host/index.ts';
import { httpTransport, tokenFromLocation } from './http-transport.ts';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe('HTTP transport', () => {
  it('posts a binary frame with the token header and decodes the framed answer', async () => {
    const seen: { url: string; token: string | null; body: unknown }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      seen.push({ url, token: headers.get(HTTP_TOKEN_HEADER), body: decodeFrame(init.body as Uint8Array) });
      const answer = encodeFrame({ ok: true, value: { files: [{ handle: 'demoHandle000000000000', name: 'demo.json.gz', bytes: new Uint8Array([31, 139]) }] } });
      return new Response(answer.buffer as ArrayBuffer, { status: 200 });
    }) as typeof fetch;
    const api = hostApiFromTransport(httpTransport('t0k', fakeFetch));
    const demo = await api.openDemo();
    expect(demo.ok && [...(demo.value.files[0]?.bytes ?? [])]).toEqual([31, 139]);
    expect(seen).toEqual([{ url: '/api/openDemo', token: 't0k', body: {} }]);
  });

  it('turns an HTTP refusal into an error value that names it', async () => {
    const fakeFetch = (async () => new Response('Forbidden: missing or wrong token.\n', { status: 403 })) as typeof fetch;
    const result = await hostApiFromTransport(httpTransport('bad', fakeFetch)).listRecent();
    expect(!result.ok && result.error.message).toMatch(/HTTP 403: Forbidden: missing or wrong token/);
  });

  it('delivers events from JSON lines split across chunks, skipping broken lines', async () => {
    const progress = { captureId: 'c', phase: 'traces', done: 1, counts: { traces: 1, segments: 2, events: 0, metricResults: 0, requests: 3 } };
    const line = JSON.stringify({ event: 'captureProgress', payload: progress });
    const fakeFetch = (async () => new Response(streamOf(['\n', line.slice(0, 10), `${line.slice(10)}\n{broken\n`, `${JSON.stringify({ event: 'captureProgress', payload: { ...progress, done: 2 } })}\n`]))) as typeof fetch;
    const api = hostApiFromTransport(httpTransport('t', fakeFetch));
    const done: number[] = [];
    await new Promise<void>((resolve) => {
      api.onDidCaptureProgress((event) => {
        done.push(event.done);
        if (done.length === 2) resolve();
      });
    });
    expect(done).toEqual([1, 2]);
  });

  it('reads the token from the page URL', () => {
    expect(tokenFromLocation({ search: '?token=abc' })).toBe('abc');
    expect(tokenFromLocation({ search: '' })).toBeUndefined();
  });
});
