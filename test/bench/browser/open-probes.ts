/**
 * What the open benchmark runs inside the pages (plain JavaScript in strings, as in
 * page-probes.ts).
 *
 * OPEN_PROBE_SOURCE is installed before the app's page loads (addInitScript): it records every
 * long task of the main thread from the start (a buffered observer), and once the page has set the
 * service map's `service-map:drawn` mark (its SVG is in the DOM; seen by an observer of marks, so
 * the probe asks for no frames of its own while the page opens) it waits for the next painted
 * frame and sets `window.__teOpen = { paintedMs, marks, longTasks }`; times are ms since the
 * navigation started (performance.now()).
 *
 * baselinePage(url, token) is the baseline: a page on the host's origin whose Web Worker fetches
 * the same file from the same endpoint, inflates it with DecompressionStream, decodes it with
 * TextDecoderStream, splits lines and JSON.parses every one of them, keeping every parsed value —
 * the least any viewer of this format must do — then posts the time; the page sets
 * `window.__teBaseline = { doneMs, lines, records }`. Both call `window.__teOpenPainted()` when
 * they are done, where the benchmark exposed it, so it knows the moment on its own clock.
 */
export const OPEN_PROBE_SOURCE = String.raw`
(() => {
  const longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ at: Math.round(entry.startTime), ms: Math.round(entry.duration) });
  }).observe({ type: 'longtask', buffered: true });
  const marks = () => Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name, Math.round(mark.startTime)]));
  // Told of the mark by an observer, not by a requestAnimationFrame loop: a loop keeps the page
  // producing frames (main thread, compositor, display compositor) the whole time it opens, which
  // the baseline page does not pay (~1,900 compositor and 2,700 main-thread tasks over an open).
  let seen = false;
  const drawn = new PerformanceObserver((list) => {
    if (seen || !list.getEntries().some((entry) => entry.name === 'service-map:drawn')) return;
    seen = true;
    drawn.disconnect();
    check();
  });
  drawn.observe({ type: 'mark', buffered: true });
  const check = () => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const paintedMs = performance.now();
        // Tells the benchmark at once (a binding it exposed), so it can take the memory up to here.
        window.__teOpenPainted?.();
        // Long tasks are reported a little after they end: wait a moment before taking them.
        setTimeout(() => { window.__teOpen = { paintedMs, marks: marks(), longTasks: longTasks.slice() }; }, 300);
      };
      channel.port2.postMessage(0);
    });
  };
})();
`;

const BASELINE_WORKER_SOURCE = String.raw`
self.onmessage = async (event) => {
  const { url, token } = event.data;
  const response = await fetch(url, { headers: { 'x-trace-explorer-token': token } });
  const reader = response.body.pipeThrough(new DecompressionStream('gzip')).pipeThrough(new TextDecoderStream()).getReader();
  const kept = [];
  let carry = '';
  let lines = 0;
  const parse = (line) => {
    lines++;
    if (line.endsWith(',')) line = line.slice(0, -1);
    if (line.startsWith('{"kind"')) kept.push(JSON.parse(line));
    else if (line.startsWith('{"format"')) kept.push(JSON.parse(line + ']}'));
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const parts = (carry + value).split('\n');
    carry = parts.pop();
    for (const line of parts) parse(line);
  }
  if (carry) parse(carry);
  self.kept = kept;
  postMessage({ lines, records: kept.length - 1 });
};
`;

export function baselinePage(url: string, token: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>open baseline</title></head><body><script>
const worker = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(BASELINE_WORKER_SOURCE)}], { type: 'text/javascript' })));
worker.onmessage = (event) => { const doneMs = performance.now(); window.__teOpenPainted?.(); window.__teBaseline = { doneMs, ...event.data }; };
worker.postMessage({ url: new URL(${JSON.stringify(url)}, location.href).href, token: ${JSON.stringify(token)} });
</script></body></html>`;
}
