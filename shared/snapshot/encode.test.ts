import { describe, expect, it } from 'vitest';
import type { RawRecord, SnapshotContent } from '../model/index.ts';
import { encodeSnapshot, readSnapshotBytes, SnapshotError } from './index.ts';

const header: SnapshotContent['header'] = {
  format: 'trace-explorer-snapshot',
  version: 1,
  provenance: { sources: [{ name: 'a.json', format: 'xray.segments', importedAt: '2024-05-24T10:00:00Z' }], accountIds: [], regions: [], queries: [], appVersion: '1', createdAt: '2024-05-24T10:00:00Z' },
  gaps: [],
  notes: { summary: '', bookmarks: [] },
};

function refusal(records: readonly unknown[], head: unknown = header): SnapshotError {
  try {
    [...encodeSnapshot({ header: head as SnapshotContent['header'], records: records as RawRecord[] })].join('');
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as SnapshotError).kind).toBe('invalidInput');
    return error as SnapshotError;
  }
  throw new Error('expected encodeSnapshot to refuse the content');
}

describe('encodeSnapshot refuses content the reader would refuse', () => {
  it('records that are not what the format says, with their path', () => {
    const ok = { kind: 'xray.segment', source: 0, doc: {} };
    expect(refusal([ok, { ...ok, kind: 'otlp.span' }]).message).toMatch(/^records\[1\]\.kind: cannot be written: expected one of "xray\.segment", .*got a string \("otlp\.span"\)$/);
    expect(refusal([{ ...ok, source: 1 }]).message).toBe('records[0].source: cannot be written: expected an integer from 0 to 0 (an index into header.provenance.sources), got a number (1)');
    expect(refusal([{ ...ok, doc: undefined }]).message).toBe('records[0].doc: cannot be written: expected an object or an array, got nothing');
    expect(refusal([null]).message).toBe('records[0]: cannot be written: expected an object {"kind","source","doc"}, got null');
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(refusal([{ ...ok, doc: cycle }]).message).toMatch(/^records\[0\]\.doc: cannot be written: .*circular/i);
  });

  it('a header that does not match the schema', () => {
    const bad = { ...header, provenance: { ...header.provenance, sources: [{ name: 'a.json' }] } };
    expect(refusal([], bad).message).toBe(
      'the snapshot header cannot be written: header.provenance.sources[0].format: expected a string, got nothing; header.provenance.sources[0].importedAt: expected a string, got nothing',
    );
  });

  it('a record larger than the reader accepts', () => {
    const huge = { kind: 'xray.segment', source: 0, doc: { blob: 'é'.repeat(33 * 1024 * 1024) } };
    expect(refusal([huge]).message).toBe('records[0]: cannot be written: its JSON is larger than the 64 MiB limit for one record');
  });

  it('writes what readSnapshotBytes reads back, in the order given', async () => {
    const records: RawRecord[] = [
      { kind: 'xray.summary', source: 0, doc: { Id: '1-a', Duration: 0.5 } },
      { kind: 'xray.segment', source: 0, doc: [] },
    ];
    const text = [...encodeSnapshot({ header, records })].join('');
    expect(text.split('\n')).toHaveLength(5);
    expect(await readSnapshotBytes(new TextEncoder().encode(text))).toEqual({ header, records });
    const empty = [...encodeSnapshot({ header, records: [] })].join('');
    expect(empty.split('\n').slice(1)).toStrictEqual([']}', '']);
    expect(await readSnapshotBytes(new TextEncoder().encode(empty))).toEqual({ header, records: [] });
  });
});
