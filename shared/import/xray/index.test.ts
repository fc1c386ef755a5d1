import { readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixtureBytes } from '../../../test/support/fixtures.ts';
import { xrayParsers } from './index.ts';
import { isJsonObject } from '../../base/json.ts';

/** Every JSON value in a fixture file: the whole file, else each line that parses. */
function valuesOf(path: string): unknown[] {
  const bytes = fixtureBytes(path);
  const text = new TextDecoder().decode(path.endsWith('.gz') ? gunzipSync(bytes) : bytes);
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    return text.split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as unknown];
      } catch {
        return [];
      }
    });
  }
}

/** The value, and the items a dispatcher or an over-eager matcher might meet inside it. */
function withItems(value: unknown): unknown[] {
  const out = [value];
  if (Array.isArray(value)) out.push(...value);
  if (isJsonObject(value)) {
    for (const key of ['Records', 'Events', 'detail']) {
      const inner = value[key];
      if (Array.isArray(inner)) out.push(...inner);
      else if (isJsonObject(inner)) out.push(inner);
    }
  }
  return out;
}

const XRAY_FOLDERS = new Set(['otel-contrib-awsxray', 'aws-iatk', 'aws-reference-appendices']);
const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .map((path) => path.split('\\').join('/'))
  .filter((path) => /\.(json|json\.gz|txt)$/.test(path) && !path.endsWith('SOURCE.txt') && !path.includes('/README'));

/** The AWS CLI's X-Ray examples, beside its CloudTrail one in aws-cli-examples. */
const isXRayCliExample = (path: string): boolean => path.includes('batch-get-traces') || path.includes('get-sampling-rules');

describe('xrayParsers', () => {
  it('lists the six X-Ray formats, each with a label', () => {
    expect(xrayParsers.map((parser) => parser.format)).toEqual([
      'xray.batchGetTraces',
      'xray.traceSummaries',
      'xray.serviceGraph',
      'xray.samplingRules',
      'xray.segments',
      'xray.segment',
    ]);
    for (const parser of xrayParsers) expect(parser.label.length).toBeGreaterThan(0);
  });

  it('never claims anything in the CloudTrail fixtures (records, S3 files, lookups, envelopes, findings)', () => {
    const others = files.filter((path) => !XRAY_FOLDERS.has(path.split('/')[0] ?? '') && !isXRayCliExample(path));
    expect(others.length).toBeGreaterThan(60);
    let values = 0;
    for (const path of others) {
      for (const value of valuesOf(path).flatMap(withItems)) {
        values++;
        const claimed = xrayParsers.filter((parser) => parser.matches(value)).map((parser) => parser.format);
        expect(claimed, path).toEqual([]);
      }
    }
    expect(values).toBeGreaterThan(900);
  });

  it('claims each X-Ray fixture value with exactly one parser', () => {
    const xrayFiles = files.filter((path) => XRAY_FOLDERS.has(path.split('/')[0] ?? '') || isXRayCliExample(path));
    const claimedFormats = new Set<string>();
    for (const path of xrayFiles) {
      for (const value of valuesOf(path)) {
        const claimed = xrayParsers.filter((parser) => parser.matches(value)).map((parser) => parser.format);
        if (path.endsWith('go_test_documents_annotated.json')) {
          expect(claimed, path).toEqual([]);
          continue;
        }
        if (isJsonObject(value) && value.format === 'json' && value.version === 1) {
          expect(claimed, `${path} daemon header`).toEqual([]);
          continue;
        }
        expect(claimed, path).toHaveLength(1);
        claimedFormats.add(claimed[0] ?? '');
      }
    }
    expect([...claimedFormats].sort()).toEqual(['xray.batchGetTraces', 'xray.samplingRules', 'xray.segment', 'xray.serviceGraph', 'xray.traceSummaries']);
  });
});
