import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawRecord, SnapshotContent, SourceInfo } from '../model/index.ts';
import { encodeSnapshot, readSnapshot, readSnapshotBytes, RECORD_KINDS, SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './index.ts';

/** Builds an object with the given own keys, `__proto__` included, without touching any prototype. */
function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)), maxLength: 3 });
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), loneSurrogates, fc.constantFrom('line\nbreak', '\u2028\u2029', 'tab\tquote"back\\slash', '{"kind":"xray.segment"},', ']}'));
const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'kind', 'source', 'doc', '', '0', 'a.b', '[1]'), text);
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.constantFrom(2 ** 53 - 1, -(2 ** 53 - 1), Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 1.5e-7, 0.1),
);
const leaf = fc.oneof(fc.constant(null), fc.boolean(), number, text);
const { doc } = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown>; doc: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map(objectOf),
  doc: fc.oneof(tie('object'), tie('array')),
}));
const freeObject = fc.array(fc.tuple(key, leaf), { maxLength: 4 }).map(objectOf);
const iso = fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString());
const window = fc.record({ start: iso, end: iso });
const source: fc.Arbitrary<SourceInfo> = fc.record(
  { name: text, format: text, bytes: fc.nat(), sha256: fc.stringMatching(/^[0-9a-f]{64}$/), importedAt: iso },
  { requiredKeys: ['name', 'format', 'importedAt'] },
);

const content: fc.Arbitrary<SnapshotContent> = fc
  .record({
    provenance: fc.record(
      { sources: fc.array(source, { minLength: 1, maxLength: 4 }), accountIds: fc.array(text, { maxLength: 3 }), regions: fc.array(text, { maxLength: 3 }), window, queries: fc.array(freeObject, { maxLength: 3 }), sampling: text, appVersion: text, createdAt: iso },
      { requiredKeys: ['sources', 'accountIds', 'regions', 'queries', 'appVersion', 'createdAt'] },
    ),
    gaps: fc.array(
      fc.record(
        { kind: fc.constantFrom('failed', 'throttled', 'truncated', 'skipped', 'notFetched' as const), what: text, detail: text, window, ids: fc.array(text, { maxLength: 3 }) },
        { requiredKeys: ['kind', 'what', 'detail'] },
      ),
      { maxLength: 3 },
    ),
    notes: fc.record({
      summary: text,
      bookmarks: fc.array(fc.record({ id: text, target: fc.record({ kind: fc.constantFrom('trace', 'span', 'edge', 'change', 'node', 'time' as const), ref: text }), comment: text, createdAt: iso }), { maxLength: 3 }),
    }),
    records: fc.array(fc.record({ kind: fc.constantFrom(...RECORD_KINDS), source: fc.nat(), doc }), { maxLength: 12 }),
  })
  .map(({ provenance, gaps, notes, records }) => ({
    header: { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, provenance, gaps, notes },
    records: records.map((record): RawRecord => ({ ...record, source: record.source % provenance.sources.length })),
  }));

const encoder = new TextEncoder();

/**
 * JSON with every object's keys sorted: equal strings mean equal JSON values. (vitest's
 * toStrictEqual compares `.constructor`, which is own data in objects with a "constructor" key.)
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item) ? Object.fromEntries(Object.keys(item).sort().map((key) => [key, (item as Record<string, unknown>)[key]])) : item,
  );
}

function expectSame(actual: unknown, expected: unknown): void {
  expect(canonical(actual)).toBe(canonical(expected));
}

function encoded(value: SnapshotContent): string {
  return [...encodeSnapshot(value)].join('');
}

/** The bytes cut at the given sizes (cycled), so lines and UTF-8 sequences straddle chunks. */
async function* chunked(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? bytes.length;
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

describe('snapshot round trip (property)', () => {
  it('the encoded text is one JSON value holding exactly the content', () => {
    fc.assert(
      fc.property(content, (value) => {
        const { format, version, provenance, gaps, notes } = value.header;
        expectSame(JSON.parse(encoded(value)), { format, version, header: { provenance, gaps, notes }, records: value.records });
      }),
    );
  });

  it('reads back what was written, however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(content, fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }), async (value, sizes) => {
        expectSame(await readSnapshot(chunked(encoder.encode(encoded(value)), sizes)), value);
      }),
    );
  });

  it('reads back gzip-compressed text', async () => {
    await fc.assert(
      fc.asyncProperty(content, async (value) => {
        expectSame(await readSnapshotBytes(gzipSync(encoded(value))), value);
      }),
      { numRuns: 40 },
    );
  });

  it('reads the same content after jq-style reformatting (pretty-printed, or all on one line)', async () => {
    await fc.assert(
      fc.asyncProperty(content, fc.constantFrom(2, 0), async (value, indent) => {
        const reformatted = JSON.stringify(JSON.parse(encoded(value)), null, indent);
        expectSame(await readSnapshotBytes(encoder.encode(reformatted)), value);
      }),
      { numRuns: 40 },
    );
  });

  it('no record line holds a raw newline, and every record is on its own line', () => {
    fc.assert(
      fc.property(content, (value) => {
        const lines = encoded(value).split('\n');
        expect(lines.at(-1)).toBe('');
        expect(lines.at(-2)).toBe(']}');
        expect(lines.length).toBe(value.records.length + 3);
        lines.slice(1, -2).forEach((line, index) => {
          expectSame(JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line), value.records[index]);
        });
      }),
    );
  });

  it('leaves every prototype untouched while round-tripping hostile keys', async () => {
    const before = [Object.prototype, Array.prototype, Function.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort());
    await fc.assert(
      fc.asyncProperty(content, async (value) => {
        await readSnapshotBytes(encoder.encode(encoded(value)));
      }),
      { numRuns: 50 },
    );
    expect([Object.prototype, Array.prototype, Function.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort())).toStrictEqual(before);
    expect(Object.keys(Object.prototype)).toStrictEqual([]);
    expect(Object.keys(Array.prototype)).toStrictEqual([]);
  });
});
