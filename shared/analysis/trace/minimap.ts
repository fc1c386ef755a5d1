import { rankOfBits, statusOf, statusRank, STATUS_ORDER, type RequestStatus } from '../../model/status.ts';
import type { WaterfallTrace } from './waterfall-trace.ts';

/**
 * The minimap's picture of a whole trace, as RGBA pixels: time left to right, spans top to bottom
 * in pre-order (span i at y = i·height/n), each pixel coloured by the most severe status of the
 * spans that cover it. Built with one difference array per status and pixel row, so the cost is
 * O(spans + width·height) whatever the spans' lengths — some milliseconds for 100,000 spans. Pure:
 * the analysis worker runs it (the UI thread only puts the pixels on the canvas), and so can a page
 * that holds a full trace.
 */
export interface MinimapPixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray<ArrayBuffer>;
}

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

export function rasterizeMinimap(trace: WaterfallTrace, width: number, height: number, palette: Readonly<Record<RequestStatus, string>>): MinimapPixels {
  const w = Math.max(1, Math.floor(width));
  const h = Math.max(1, Math.floor(height));
  const data = new Uint8ClampedArray(w * h * 4);
  const n = trace.spans.length;
  if (n === 0) return { width: w, height: h, data };
  const t0 = trace.start;
  const duration = Math.max(trace.end - trace.start, 1e-9);
  const stride = w + 1;
  const statuses = STATUS_ORDER.length;
  const diff = new Int32Array(statuses * h * stride);
  const columns = trace.columns;
  for (let i = 0; i < n; i++) {
    let start: number;
    let end: number;
    let s: number;
    if (columns) {
      // Read from the typed columns when the trace has them: no span object is touched.
      start = columns.starts[i]!;
      const last = columns.ends[i]!;
      end = Number.isNaN(last) ? trace.end : last;
      s = rankOfBits(columns.packed[i]!);
    } else {
      const span = trace.spans[i]!;
      start = span.start;
      end = span.end ?? trace.end;
      s = statusRank(statusOf(span));
    }
    const x0 = Math.min(w - 1, Math.max(0, Math.floor(((start - t0) / duration) * w)));
    const x1 = Math.min(w - 1, Math.max(x0, Math.ceil(((end - t0) / duration) * w) - 1));
    const y0 = Math.floor((i * h) / n);
    const y1 = Math.max(y0, Math.floor(((i + 1) * h) / n) - 1);
    for (let y = y0; y <= y1 && y < h; y++) {
      const base = (s * h + y) * stride;
      diff[base + x0]!++;
      diff[base + x1 + 1]!--;
    }
  }
  const colours = STATUS_ORDER.map((status) => rgb(palette[status]));
  const running = new Int32Array(statuses);
  for (let y = 0; y < h; y++) {
    running.fill(0);
    for (let x = 0; x < w; x++) {
      let top = -1;
      for (let s = 0; s < statuses; s++) {
        running[s]! += diff[(s * h + y) * stride + x]!;
        if (running[s]! > 0) top = s;
      }
      if (top < 0) continue;
      const [r, g, b] = colours[top]!;
      const at = (y * w + x) * 4;
      data[at] = r;
      data[at + 1] = g;
      data[at + 2] = b;
      data[at + 3] = 255;
    }
  }
  return { width: w, height: h, data };
}
