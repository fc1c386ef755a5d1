import { describe, expect, it } from 'vitest';
import { generateIncident, toSnapshotContent, type GeneratedIncident } from '../generator/index.ts';
import { encodeSnapshot } from '../snapshot/index.ts';
import { openInputs } from './open-inputs.ts';

/** Each input's span of trace starts, reported by the open of several inputs (two snapshots compared file against file). */

const snapshotFile = (name: string, incident: GeneratedIncident) => ({ name, bytes: new TextEncoder().encode([...encodeSnapshot(toSnapshotContent(incident))].join('')) });
/** The span of an incident's trace starts, from the generator's own summaries (one per trace). */
const span = (incident: GeneratedIncident): [number, number] => {
  const starts = incident.summaries.map((summary) => summary.StartTime!);
  return [Math.min(...starts), Math.max(...starts)];
};

describe('OpenedIncident.inputSpans', () => {
  it("is each input's span of trace starts when several are opened, and absent for one", async () => {
    const start = Date.UTC(2024, 4, 24, 13) / 1000;
    const early = generateIncident({ seed: 11, start: start - 7 * 86_400, minutes: 10, tracesPerMinute: 6, changeMinute: 5 });
    const late = generateIncident({ seed: 12, start, minutes: 10, tracesPerMinute: 6, changeMinute: 5 });
    const opened = await openInputs([snapshotFile('early.json', early), snapshotFile('late.json', late)], { keepContent: false });
    expect(opened.inputSpans).toEqual([span(early), span(late)]);
    // Each span holds exactly its input's traces.
    const within = ([from, to]: readonly [number, number]) => opened.dataset.traces.filter((trace) => trace.start >= from && trace.start <= to).length;
    expect(within(opened.inputSpans![0]!)).toBe(early.summaries.length);
    expect(within(opened.inputSpans![1]!)).toBe(late.summaries.length);
    const alone = await openInputs([snapshotFile('late.json', late)], { keepContent: false });
    expect(alone.inputSpans).toBeUndefined();
  });
});
