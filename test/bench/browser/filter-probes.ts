import type { Page } from 'playwright-core';

/**
 * Measuring code run inside the app's page for the filter benchmark, installed as
 * `window.__teFilterBench` (plain JavaScript in a string, as in page-probes.ts).
 *
 * `armSubmit(countSelector, gridSelector, expected)` resolves, after the next submit of a form,
 * with the time from that submit event to the first painted frame in which the trace list is
 * no longer busy with an older query (the grid's `aria-busy` was seen "true" after the submit and
 * is not any more) and the count line starts with the expected number; and with the longest task
 * seen in between. It rejects after `timeoutMs`.
 */
export const FILTER_PROBE_SOURCE = String.raw`
(() => {
  if (window.__teFilterBench) return;
  window.__teFilterBench = {
    armSubmit(countSelector, gridSelector, expectedText, timeoutMs) {
      return new Promise((resolve, reject) => {
        document.addEventListener('submit', (event) => {
          const started = event.timeStamp;
          const tasks = [];
          const observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) tasks.push(entry);
          });
          observer.observe({ type: 'longtask' });
          let sawBusy = false;
          const grid = () => document.querySelector(gridSelector);
          const busy = () => grid()?.getAttribute('aria-busy') === 'true';
          const watcher = new MutationObserver(() => { if (busy()) sawBusy = true; });
          watcher.observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
          const check = () => {
            if (busy()) sawBusy = true;
            const text = document.querySelector(countSelector)?.textContent ?? '';
            if (sawBusy && !busy() && text.startsWith(expectedText)) {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => {
                watcher.disconnect();
                observer.takeRecords().forEach((entry) => tasks.push(entry));
                observer.disconnect();
                const during = tasks.filter((task) => task.startTime + task.duration >= started);
                resolve({ ms: performance.now() - started, longestTaskMs: during.reduce((max, task) => Math.max(max, task.duration), 0), text });
              };
              channel.port2.postMessage(0);
              return;
            }
            if (performance.now() - started > timeoutMs) {
              watcher.disconnect();
              observer.disconnect();
              return reject(new Error('the count never showed ' + expectedText + ' (last: ' + text + ')'));
            }
            requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }, { capture: true, once: true });
      });
    },
  };
})();
`;

export interface SubmitTiming {
  readonly ms: number;
  readonly longestTaskMs: number;
  readonly text: string;
}

const TRACES_VIEW = { count: '.te-traces-count', grid: '[role="grid"][aria-label="Traces"]', box: 'Filter expression' } as const;

/** Types `expression` into the Traces view's filter box, presses Enter and times it until `expected` traces are counted on screen. */
export async function timeFilterSubmit(page: Page, expression: string, expected: number, timeoutMs = 60_000): Promise<SubmitTiming> {
  const box = page.getByLabel(TRACES_VIEW.box);
  await box.fill(expression);
  await page.evaluate(FILTER_PROBE_SOURCE);
  const expectedText = `${expected.toLocaleString('en-US')} of `;
  const measured = page.evaluate(`window.__teFilterBench.armSubmit(${JSON.stringify(TRACES_VIEW.count)}, ${JSON.stringify(TRACES_VIEW.grid)}, ${JSON.stringify(expectedText)}, ${timeoutMs})`) as Promise<SubmitTiming>;
  await box.press('Enter');
  return measured;
}

/** Waits until the Traces view lists every one of `all` traces. */
export async function waitForAllTraces(page: Page, all: number, timeoutMs = 120_000): Promise<void> {
  const text = `${all.toLocaleString('en-US')} of ${all.toLocaleString('en-US')} traces`;
  await page.locator(TRACES_VIEW.count, { hasText: text }).waitFor({ timeout: timeoutMs });
}
