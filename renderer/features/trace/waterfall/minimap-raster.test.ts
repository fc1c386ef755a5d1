import { describe, expect, it } from 'vitest';
import { encodeTrace } from '../../../../shared/contract/worker/trace-transfer.ts';
import { decodeTrace } from '../../../../shared/contract/worker/trace-transfer-decode.ts';
import { generateScaleSegments } from '../../../../shared/generator/index.ts';
import { assembleTraces } from '../../../../shared/dataset/assembly/assemble.ts';
import { rasterizeMinimap } from '../../../../shared/analysis/trace/minimap.ts';
import { statusPalette } from '../../../components/status-colors.ts';
import { assembleTrace, assembleTree } from '../../../../test/support/trace-documents.ts';

const palette = statusPalette('light');
const pixel = (data: Uint8ClampedArray, width: number, x: number, y: number): string => {
  const at = (y * width + x) * 4;
  return data[at + 3] === 0 ? 'none' : `#${[data[at]!, data[at + 1]!, data[at + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
};

describe('minimap pixels', () => {
  it('paints each span on its own band over its time, in its status colour', () => {
    // Two spans: [0,10] ok, then [5,10] with a fault. 10 px wide, 2 px high.
    const trace = assembleTrace([
      { id: 'd000000000000001', name: 'a', trace_id: 't', start_time: 0, end_time: 10 },
      { id: 'd000000000000002', name: 'b', trace_id: 't', parent_id: 'd000000000000001', start_time: 5, end_time: 10, fault: true },
    ]);
    const { data, width } = rasterizeMinimap(trace, 10, 2, palette);
    expect(pixel(data, width, 0, 0)).toBe(palette.ok);
    expect(pixel(data, width, 9, 0)).toBe(palette.ok);
    expect(pixel(data, width, 4, 1)).toBe('none');
    expect(pixel(data, width, 5, 1)).toBe(palette.fault);
    expect(pixel(data, width, 9, 1)).toBe(palette.fault);
  });

  it('shows the most severe status where many spans share a pixel row', () => {
    const parents = Array.from({ length: 1_000 }, (_, k) => (k === 0 ? -1 : 0));
    const trace = assembleTree(parents, parents.map(() => 0), parents.map(() => 1));
    const { data, width, height } = rasterizeMinimap(trace, 4, 4, palette);
    expect(height).toBe(4);
    // Every pixel is covered and all spans are ok.
    for (let y = 0; y < 4; y++) for (let x = 0; x < width; x++) expect(pixel(data, width, x, y)).toBe(palette.ok);
  });

  it('paints a decoded trace from its columns exactly as the full trace from its spans', () => {
    const trace = assembleTraces([...generateScaleSegments({ seed: 9, traces: 1, spansPerTrace: 3_000 })]).traces[0]!;
    expect(trace.hasFault || trace.hasThrottle || trace.hasError).toBe(true);
    const decoded = decodeTrace(encodeTrace(trace));
    expect(decoded.columns).toBeDefined();
    for (const scheme of ['light', 'dark'] as const) {
      expect(Array.from(rasterizeMinimap(decoded, 300, 56, statusPalette(scheme)).data)).toEqual(Array.from(rasterizeMinimap(trace, 300, 56, statusPalette(scheme)).data));
    }
  });
});
