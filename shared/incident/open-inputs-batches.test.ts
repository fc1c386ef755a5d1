import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { demoSnapshotBytes } from '../../test/support/fixtures.ts';
import { InProcessBatches } from '../../test/support/batch-parser.ts';
import { openInputs } from './open-inputs.ts';
import { summarizeIncident } from './incident-summary.ts';
import type { Limits } from '../snapshot/index.ts';
import type { Trace } from '../model/index.ts';

const demoText = gunzipSync(demoSnapshotBytes()).toString('utf8');

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.slice(offset, offset + size);
}

function spansOf(traces: readonly Trace[]): string[] {
  return traces.flatMap((trace) =>
    trace.spans.map((span) => JSON.stringify([span.id, span.traceId, span.kind, span.name, span.start, span.end ?? null, span.parentId ?? null, span.segmentId, span.origin ?? null, span.namespace ?? null, span.error, span.throttle, span.fault, span.inferred, span.doc])),
  );
}

function open(bytes: Uint8Array, chunk: number, batches?: InProcessBatches, limits?: Partial<Limits>) {
  return openInputs([{ name: 'incident.json', source: pieces(bytes, chunk), size: bytes.length }], { keepContent: false, ...(batches ? { batches } : {}), ...(limits ? { limits } : {}) });
}

/** What opening `text` says: its dataset's parts, or its error's message. */
async function outcome(text: string, chunk: number, batches?: InProcessBatches, limits?: Partial<Limits>): Promise<string> {
  try {
    const { dataset, problems } = await open(new TextEncoder().encode(text), chunk, batches, limits);
    return JSON.stringify({ traces: dataset.traces.length, spans: spansOf(dataset.traces).length, problems });
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

/** The demo's text with record line `index` (1 is the first record) replaced by `line`. */
function withLine(index: number, line: string): string {
  const lines = demoText.split('\n');
  lines[index] = line;
  return lines.join('\n');
}

// Each test opens the generated incident tens of times (every case, both ways): minutes on a
// loaded 2-core machine, so the describe's timeout is a readiness bound, not a budget.
describe('openInputs with the records parsed elsewhere in batches (the parse workers)', { timeout: 180_000 }, () => {
  it('makes the dataset the line-by-line read makes, for any batch size and chunking', async () => {
    const bytes = demoSnapshotBytes();
    const alone = await openInputs([{ name: 'demo.json.gz', source: pieces(bytes, 64 * 1024), size: bytes.length }], { keepContent: false });
    const expected = spansOf(alone.dataset.traces);
    expect(expected.length).toBeGreaterThan(10_000);
    const text = new TextEncoder().encode(demoText);
    // The gzip file's text comes from the inflater a task at a time, so the parser's answers (a
    // task each) are back before it is full; the plain text comes at once, and it fills up.
    for (const [input, chunk, batchBytes, readsHere] of [
      [bytes, 64 * 1024, 256 * 1024, false],
      [text, 997, 100_003, true],
      [text, text.length, 4096, true],
      [bytes, bytes.length, 65_536, true],
    ] as const) {
      const batches = new InProcessBatches(3, batchBytes, readsHere);
      const split = await openInputs([{ name: 'demo.json', source: pieces(input, chunk), size: input.length }], { keepContent: false, batches });
      // Most batches were read elsewhere; the ones with other record kinds (summaries, events, metrics) here.
      expect(batches.read).toBeGreaterThan(batches.unread);
      expect(batches.unread).toBeGreaterThan(0);
      // The reader read some itself while the parser was full, when it may.
      if (!readsHere) expect(batches.here).toBe(0);
      else if (input === text) expect(batches.here).toBeGreaterThan(0);
      expect(split.dataset.traces.map((trace) => trace.id)).toEqual(alone.dataset.traces.map((trace) => trace.id));
      expect(spansOf(split.dataset.traces)).toEqual(expected);
      expect(split.problems).toEqual(alone.problems);
      expect(split.dataset.events).toEqual(alone.dataset.events);
      expect(split.dataset.summaries).toEqual(alone.dataset.summaries);
      expect(summarizeIncident(split.dataset, split.problems)).toEqual(summarizeIncident(alone.dataset, alone.problems));
    }
  });

  it('reads what is not the common case exactly as the line-by-line read does: the same error, line and record, or the same problems', async () => {
    const lines = demoText.split('\n');
    const record = lines[5001]!;
    const cases: Record<string, string> = {
      'invalid JSON in the middle': withLine(5001, `${record.slice(0, 80)},`),
      'a record without its comma, then another': withLine(5001, record.slice(0, -1)),
      'a blank line among the records': withLine(5001, '   '),
      'a record of an unknown kind': withLine(5001, record.replace('"kind":"xray.segment"', '"kind":"xray.nonsense"')),
      'a source out of range': withLine(5001, record.replace(/"source":\d+/, '"source":99')),
      'a segment without a trace id (a problem, not an error)': withLine(5001, record.replace(/"trace_id":"[^"]+",?/, '')),
      'text that is not ASCII': withLine(5001, record.replace(/"name":"([^"]+)"/, '"name":"$1-ünïcode-✓"')),
      'a line ending with CR LF': withLine(5001, `${record}\r`),
      'truncated in the middle of the records': lines.slice(0, 9000).join('\n'),
      'truncated after a complete record': `${lines.slice(0, 9000).join('\n')}\n`,
      'records after the closing line': `${demoText.trimEnd()}\n${record}\n`,
    };
    for (const [name, text] of Object.entries(cases)) {
      const expected = await outcome(text, 64 * 1024);
      const batches = new InProcessBatches(2, 128 * 1024);
      expect(await outcome(text, 64 * 1024, batches), name).toBe(expected);
      expect(batches.read, name).toBeGreaterThan(0);
    }
  });

  it('keeps the caps: too many records, a line longer than the limit or than a batch', async () => {
    const lines = demoText.split('\n');
    const long = withLine(7000, lines[7000]!.replace('"name":"', `"name":"${'x'.repeat(300_000)}`));
    for (const [name, text, limits] of [
      ['more records than the cap', demoText, { maxRecords: 10_000 }],
      ['a line longer than the limit', long, { maxRecordBytes: 200_000 }],
      ['a line longer than a batch', long, undefined],
    ] as const) {
      const expected = await outcome(text, 32 * 1024, undefined, limits);
      expect(await outcome(text, 32 * 1024, new InProcessBatches(2, 128 * 1024), limits), name).toBe(expected);
    }
  });
});
