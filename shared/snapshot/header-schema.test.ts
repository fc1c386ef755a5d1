import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { BOOKMARK_TARGET_KINDS, checkFileHeader, GAP_KINDS, HEADER_OBJECT_SCHEMAS } from './header-schema.ts';
import { RECORD_KINDS, SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './limits.ts';

interface JsonSchemaObject {
  readonly properties: Record<string, { enum?: unknown[]; const?: unknown; properties?: Record<string, { enum?: unknown[] }> }>;
  readonly required: string[];
}
const schema = JSON.parse(readFileSync(new URL('../../docs/snapshot.schema.json', import.meta.url), 'utf8')) as JsonSchemaObject & { $schema: string; $defs: Record<string, JsonSchemaObject> };

describe('docs/snapshot.schema.json stays in step with the code', () => {
  it('is a draft 2020-12 schema whose format, version and record kinds are the code’s', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties['format']?.const).toBe(SNAPSHOT_FORMAT);
    expect(schema.properties['version']?.const).toBe(SNAPSHOT_VERSION);
    expect(schema.$defs['record']?.properties['kind']?.enum).toStrictEqual([...RECORD_KINDS]);
    expect(schema.$defs['gap']?.properties['kind']?.enum).toStrictEqual([...GAP_KINDS]);
    expect(schema.$defs['bookmark']?.properties['target']?.properties?.['kind']?.enum).toStrictEqual([...BOOKMARK_TARGET_KINDS]);
  });

  it.each(Object.entries(HEADER_OBJECT_SCHEMAS))('$defs.%s has the fields and required fields of the zod schema', (name, object) => {
    const def = schema.$defs[name];
    const shape = (object as z.ZodObject).shape as Record<string, z.ZodType>;
    expect(Object.keys(def?.properties ?? {}).sort()).toStrictEqual(Object.keys(shape).sort());
    const required = Object.keys(shape).filter((key) => !(shape[key] instanceof z.ZodOptional));
    expect([...(def?.required ?? [])].sort()).toStrictEqual(required.sort());
  });
});

describe('checkFileHeader', () => {
  const valid = {
    provenance: { sources: [{ name: 'a', format: 'f', importedAt: 't' }], accountIds: [], regions: [], queries: [], appVersion: '1', createdAt: 't' },
    gaps: [],
    notes: { summary: '', bookmarks: [] },
  };

  it('accepts a valid header and drops fields it does not know', () => {
    const result = checkFileHeader({ ...valid, futureField: 1 }, 'header');
    expect(result).toStrictEqual({ ok: true, header: valid });
  });

  it('reports every problem as a JSON path with what was expected and what was found', () => {
    const result = checkFileHeader(
      {
        provenance: { ...valid.provenance, sources: [{ name: 'a', format: 'f', importedAt: 't', bytes: -1 }], queries: ['q'], window: { start: 1 } },
        gaps: [{ kind: 'failed', what: 'w' }],
        notes: { summary: '', bookmarks: [{ id: 'b', target: { kind: 'span' }, comment: '', createdAt: 't' }] },
      },
      'header',
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => `${issue.at}: ${issue.message}`)).toStrictEqual([
      'header.provenance.sources[0].bytes: expected at least 0, got a number (-1)',
      'header.provenance.window.start: expected a string, got a number (1)',
      'header.provenance.window.end: expected a string, got nothing',
      'header.provenance.queries[0]: expected an object, got a string ("q")',
      'header.gaps[0].detail: expected a string, got nothing',
      'header.notes.bookmarks[0].target.ref: expected a string, got nothing',
    ]);
  });

  it('says what the whole header is when it is not an object', () => {
    const result = checkFileHeader([], 'header');
    expect(result.ok ? [] : result.issues).toStrictEqual([{ at: 'header', message: 'expected an object, got an array' }]);
  });
});
