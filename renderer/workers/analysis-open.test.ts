// Tests the worker session's open (renderer/workers/analysis-handlers.ts) on the app's paths: a
// dropped File (a Blob the worker streams) and an HTTP body (a ReadableStream), with progress and
// Cancel. It lives here because workers/ may import shared/ only (and fixtures are in test/).
import { describe, expect, it } from 'vitest';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { summarizeIncident } from '../../shared/incident/incident-summary.ts';
import { gzipText, repeatedGzip, snapshotOpening, tinyRecords } from '../../test/support/bombs.ts';
import { demoSnapshotBytes } from '../../test/support/fixtures.ts';
import type { OpenProgressData, QueryResult } from '../../shared/contract/worker/analysis-protocol.ts';
import { AnalysisSession } from './analysis-handlers.ts';

const demo = demoSnapshotBytes();

/** A web stream of `bytes` in `size`-byte chunks, pulled one at a time (as a fetch body is). */
function streamOf(bytes: Uint8Array, size: number, pulled?: { bytes: number }): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      const chunk = bytes.slice(offset, offset + size);
      offset += size;
      if (pulled) pulled.bytes += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

describe('worker open: streamed from a File or an HTTP body', () => {
  it('gives the same overview as the one open path on the same bytes, with progress in stored bytes and records', async () => {
    // The expected figures come from openInputs over the bytes in memory (no worker, no stream).
    const reference = await openInputs([{ name: 'demo-incident.json.gz', bytes: demo }]);
    const expected = summarizeIncident(reference.dataset, reference.problems);
    for (const input of [
      // A File as the worker reads it (jsdom's has no stream()).
      { name: 'demo-incident.json.gz', blob: { size: demo.length, stream: () => streamOf(demo, 64 * 1024) } },
      { name: 'demo-incident.json.gz', stream: streamOf(demo, 64 * 1024), size: demo.length },
    ]) {
      const session = new AnalysisSession();
      const seen: OpenProgressData[] = [];
      const response = await session.answer({ id: 1, query: 'open', params: { inputs: [input] } }, (progress) => seen.push(progress));
      expect(response).toMatchObject({ ok: true });
      const overview = (response as { value: QueryResult<'open'> }).value;
      expect(overview.summary.traces).toBe(expected.traces);
      expect(overview.summary.segments).toBe(expected.segments);
      expect(overview.summary.events).toBe(expected.events);
      expect(overview.summary.services).toEqual(expected.services);
      expect(overview.problemCount).toBe(expected.problems.length);
      const reading = seen.filter((progress) => progress.phase === 'reading');
      expect(reading.length).toBeGreaterThan(0);
      expect(reading.every((progress) => progress.fileSize === demo.length && progress.name === 'demo-incident.json.gz')).toBe(true);
      expect(seen.map((progress) => progress.phase)).toEqual([...reading.map(() => 'reading'), 'assembling', 'summarizing']);
      expect(seen.find((progress) => progress.phase === 'assembling')).toMatchObject({ fileBytes: demo.length, records: reference.content.records.length });
      // The parsed documents are not kept: a span's document is parsed again from its line, equal to the one read.
      const trace = reference.dataset.traces[0]!;
      const detail = await session.answer({ id: 2, query: 'traceSpanJson', params: { traceId: trace.id, span: 0 } });
      expect(detail.ok && (detail.value as QueryResult<'traceSpanJson'>).text).toBe(JSON.stringify(trace.spans[0]!.doc, null, 2));
    }
  });

  it('stops when cancelled: the answer is `cancelled`, the stream is left, nothing stays open', async () => {
    const session = new AnalysisSession();
    const pulled = { bytes: 0 };
    const big = gzipText(snapshotOpening() + tinyRecords(200_000));
    let cancelled = false;
    const answer = session.answer({ id: 7, query: 'open', params: { inputs: [{ name: 'big.json.gz', stream: streamOf(big, 4096, pulled), size: big.length }] } }, (progress) => {
      if (!cancelled && progress.records > 1000) {
        cancelled = true;
        session.cancel(7);
      }
    });
    const response = await answer;
    expect(response).toMatchObject({ id: 7, ok: false, error: { kind: 'cancelled' } });
    expect(pulled.bytes).toBeLessThan(big.length);
    expect(await session.answer({ id: 8, query: 'serviceMap', params: {} })).toMatchObject({ ok: false, error: { kind: 'notFound' } });
  });

  it('refuses a decompression bomb within its first MiBs, naming the file', async () => {
    const session = new AnalysisSession();
    const bomb = repeatedGzip(snapshotOpening(), tinyRecords(10_000, false), 3000);
    const pulled = { bytes: 0 };
    const response = await session.answer({ id: 3, query: 'open', params: { inputs: [{ name: 'bomb.json.gz', stream: streamOf(bomb, 16 * 1024, pulled), size: bomb.length }] } });
    expect(response).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    expect(!response.ok && response.error.message).toMatch(/^Nothing could be read\. bomb\.json\.gz: inflates to more than 200 times its compressed size/);
    expect(pulled.bytes).toBeLessThan(bomb.length / 20);
  });
});
