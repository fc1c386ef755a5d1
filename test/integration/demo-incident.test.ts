import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { APP_VERSION } from '../../shared/base/version.ts';
import { generateIncident, toSnapshotContent } from '../../shared/generator/index.ts';
import { inspectJson } from './cli-run.ts';

const REPO = join(import.meta.dirname, '..', '..');
const DEMO = join(REPO, 'resources', 'demo-incident.json.gz');

describe('the bundled demo incident', () => {
  const incident = generateIncident();

  it('is exactly what the seeded generator makes (npm run demo rebuilds it)', async () => {
    const bundled = await readSnapshotFile(DEMO);
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(bundled).toEqual(toSnapshotContent(incident, { appVersion: version }));
  });

  it('inspects to the generator’s own counts: traces, segments, spans, events, the change and the map', async () => {
    const { code, summary } = await inspectJson(DEMO);
    const { counts } = incident.facts;
    expect(code).toBe(0);
    expect(summary.traces).toBe(counts.traces);
    expect(summary.segments).toBe(counts.segments);
    expect(summary.segments + summary.subsegments).toBe(counts.spans);
    expect(summary.events).toBe(incident.events.length);
    expect(summary.faultTraces).toBe(incident.traces.filter((t) => t.Segments.some((s) => /"fault":true/.test(s.Document))).length);
    expect(summary.throttleTraces).toBe(counts.throttledBeforeChange + counts.throttledAfterChange);
    expect(summary.changes).toBeGreaterThanOrEqual(4);
    expect(summary.services).toEqual(
      expect.arrayContaining([
        { name: `${incident.facts.apiName}/${incident.facts.stage}`, type: 'AWS::ApiGateway::Stage' },
        { name: incident.facts.functionName, type: 'AWS::Lambda' },
        { name: incident.facts.functionName, type: 'AWS::Lambda::Function' },
        { name: incident.facts.tableName, type: 'AWS::DynamoDB::Table' },
      ]),
    );
    expect(summary.problems).toEqual([]);
    expect(Date.parse(summary.start!)).toBe(incident.window.start * 1000);
  });

  it('records the app version that made it', async () => {
    const bundled = await readSnapshotFile(DEMO);
    expect(bundled.header.provenance.appVersion).toBe(APP_VERSION);
  });
});

describe('the app version', () => {
  it('in shared/version.ts equals package.json', () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(version);
  });
});
