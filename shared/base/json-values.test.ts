import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../test/support/fixtures.ts';
import { describeJsonError, parseJsonValues } from './json-values.ts';

describe('parseJsonValues', () => {
  it('reads a single value as one', () => {
    const result = parseJsonValues('{"a":[1,2,{"b":"}"}]}');
    expect(result.single).toBe(true);
    expect(result.values).toEqual([{ value: { a: [1, 2, { b: '}' }] }, line: 1 }]);
  });

  it('reads JSON lines with their line numbers', () => {
    const result = parseJsonValues('{"n":1}\n\n{"n":2}\r\n{"n":"a\\"}"}\n');
    expect(result.values.map((v) => [v.value, v.line])).toEqual([
      [{ n: 1 }, 1],
      [{ n: 2 }, 3],
      [{ n: 'a"}' }, 4],
    ]);
    expect(result.errors).toEqual([]);
  });

  it('reads X-Ray daemon datagrams: header line then a pretty-printed document', () => {
    const text = fixtureText('otel-contrib-awsxray/udp-datagram-with-header/ddbSample.txt');
    const result = parseJsonValues(text);
    expect(result.errors).toEqual([]);
    expect(result.values[0]?.value).toEqual({ format: 'json', version: 1 });
    expect(result.values).toHaveLength(2);
    expect((result.values[1]?.value as { id: string }).id).toBe('88ad1df59cd7a7be');
  });

  it('reports a cut-off line and keeps the lines after it', () => {
    const result = parseJsonValues('{"n":1}\n{"n":2,"x":[1,\n{"n":3}\n');
    expect(result.values.map((v) => v.value)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.line).toBe(2);
  });

  it('reports a value that never closes', () => {
    const result = parseJsonValues('{"n":1}\n{"n":2,');
    expect(result.values).toHaveLength(1);
    expect(result.errors[0]?.message).toMatch(/line 2 ends before it is closed/);
  });

  it('names line and column of broken JSON in a real malformed file', () => {
    const text = fixtureText('cloudtrail-processing-library/SerializerTestFileBadJsonFormat.json');
    const result = parseJsonValues(text);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors[0]?.message).toMatch(/not valid JSON: .* at line \d+, column \d+/);
  });

  it('turns a position into line and column', () => {
    let error: unknown;
    try {
      JSON.parse('{\n  "a": 1,\n  "b" 2\n}');
    } catch (e) {
      error = e;
    }
    expect(describeJsonError('{\n  "a": 1,\n  "b" 2\n}', error)).toMatch(/at line 3, column 7$/);
  });
});
