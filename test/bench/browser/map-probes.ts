import type { Page } from 'playwright-core';

/**
 * Measuring code run inside the app's page for the service map benchmark, installed as
 * `window.__teMapBench` (plain JavaScript in a string, as in page-probes.ts).
 *
 * `visit(hash)` clears the performance marks, starts a long-task observer, sets location.hash
 * (what choosing the Service map view does) and waits for the page's `service-map:drawn` mark
 * (set when the map's SVG is in the DOM, before it is painted), then for the next painted frame.
 * It returns the times of the marks `service-map:requested/received/drawn` and of that paint,
 * from the hash change, the SVG's `data-build-ms` / `data-layout-ms` (measured in the worker),
 * the nodes and edges drawn and the long tasks seen.
 */
export const MAP_PROBE_SOURCE = String.raw`
(() => {
  if (window.__teMapBench) return;
  const nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(0);
  }));
  const markTime = (name) => {
    const entries = performance.getEntriesByName(name, 'mark');
    return entries.length ? entries[entries.length - 1].startTime : undefined;
  };
  window.__teMapBench = {
    async visit(hash, timeoutMs) {
      const tasks = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
      });
      observer.observe({ type: 'longtask' });
      performance.clearMarks();
      await nextPaint();
      const t0 = performance.now();
      location.hash = hash;
      await new Promise((resolve, reject) => {
        const check = () => {
          if (markTime('service-map:drawn') !== undefined) return resolve();
          if (performance.now() - t0 > timeoutMs) return reject(new Error('no service-map:drawn mark after ' + timeoutMs + ' ms'));
          requestAnimationFrame(check);
        };
        check();
      });
      const painted = await nextPaint();
      observer.takeRecords().forEach((entry) => tasks.push({ start: entry.startTime, duration: entry.duration }));
      observer.disconnect();
      const svg = document.querySelector('svg.te-map-svg');
      const at = (name) => { const t = markTime(name); return t === undefined ? null : t - t0; };
      const received = markTime('service-map:received');
      return {
        requestedMs: at('service-map:requested'),
        receivedMs: at('service-map:received'),
        drawnMs: at('service-map:drawn'),
        paintedMs: painted - t0,
        buildMs: svg ? Number(svg.getAttribute('data-build-ms')) : null,
        layoutMs: svg ? Number(svg.getAttribute('data-layout-ms')) : null,
        nodes: svg ? svg.querySelectorAll('[data-node-key]').length : 0,
        edges: svg ? svg.querySelectorAll('.te-map-edge').length : 0,
        longestTaskAfterReceivedMs: tasks.filter((task) => received !== undefined && task.start + task.duration >= received).reduce((max, task) => Math.max(max, task.duration), 0),
        longTasks: tasks.filter((task) => task.start + task.duration >= t0).map((task) => ({ at: Math.round(task.start - t0), ms: Math.round(task.duration) })),
      };
    },
  };
})();
`;

export interface MapVisit {
  readonly requestedMs: number | null;
  readonly receivedMs: number | null;
  readonly drawnMs: number | null;
  readonly paintedMs: number;
  readonly buildMs: number | null;
  readonly layoutMs: number | null;
  readonly nodes: number;
  readonly edges: number;
  readonly longestTaskAfterReceivedMs: number;
  readonly longTasks: readonly { readonly at: number; readonly ms: number }[];
}

/** Goes to the Service map view and times it to its first painted frame. */
export async function timeMapVisit(page: Page, hash: string, timeoutMs = 120_000): Promise<MapVisit> {
  await page.evaluate(MAP_PROBE_SOURCE);
  return (await page.evaluate(`window.__teMapBench.visit(${JSON.stringify(hash)}, ${timeoutMs})`)) as MapVisit;
}
