import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal, journalPaths } from './journal.ts';

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

function out(): string {
  const folder = mkdtempSync(join(tmpdir(), 'journal-'));
  folders.push(folder);
  return join(folder, 'snap.json.gz');
}

describe('Journal', () => {
  it('replays what was appended, across reopenings', () => {
    const path = out();
    const first = Journal.open(path);
    first.journal.append({ op: 'LookupEvents', task: 'cloudtrail:eu-west-1', next: 't1', data: { events: [{ EventId: 'a' }] } });
    first.journal.close();
    const second = Journal.open(path);
    expect(second.entries).toHaveLength(1);
    second.journal.append({ op: 'LookupEvents', task: 'cloudtrail:eu-west-1', token: 't1', data: { events: [] } });
    second.journal.close();
    expect(Journal.open(path).entries.map((e) => e.token ?? null)).toEqual([null, 't1']);
  });

  it('drops a line a crash cut short, and appends after the last whole line', () => {
    const path = out();
    const { journal } = Journal.open(path);
    journal.append({ op: 'GetTraceSummaries', task: 'summaries:0-1', data: { items: [] } });
    journal.close();
    appendFileSync(journalPaths(path).journal, '{"op":"BatchGetTraces","task":"tra');
    const reopened = Journal.open(path);
    expect(reopened.entries).toHaveLength(1);
    reopened.journal.append({ op: 'GetServiceGraph', task: 'graph:0-1', data: {} });
    reopened.journal.close();
    const lines = readFileSync(journalPaths(path).journal, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { op: string }).op)).toEqual(['GetTraceSummaries', 'GetServiceGraph']);
  });
});
