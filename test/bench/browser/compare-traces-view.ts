/**
 * Browser benchmark of the Compare view, two traces (renderer/features/compare/traces), run by
 * `npm run bench -- compare-traces-view` (test/bench/run.ts): two generated traces of SPANS spans
 * (default 100,000) in one snapshot, opened in the built app (local web host, Debian's Chromium);
 * then, RUNS times, the compare URL set alternately as a→b and b→a (a new question each time, the
 * first one cold: the traces not yet read in the worker). Each navigation is timed from the hash
 * change to the first painted frame with merged rows of that pair, with the longest main-thread
 * task meanwhile (PerformanceObserver 'longtask'). One JSON line; no budget is asserted here.
 */
import { join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { launchBrowser, startTestServer } from '../../support/browser.ts';
import { openInputs } from '../../../shared/incident/open-inputs.ts';
import { twoTraceSnapshot } from './compare-traces-snapshot.ts';

const spans = Number(process.argv[2] ?? '100000');
const runs = Number(process.env.RUNS ?? '6');
const path = await twoTraceSnapshot(join(resolve(import.meta.dirname, '../../../.tmp/bench'), `compare-2x${spans}.json.gz`), spans);
const ids = (await openInputs([{ name: 'two.json.gz', bytes: new Uint8Array(await readFile(path)) }])).dataset.traces.map((trace) => trace.id);
const server = await startTestServer({ file: path });
const browser = await launchBrowser({ width: 1440, height: 960 });
try {
  const { page } = browser;
  await page.goto(server.url.replace('#/map?', '#/start?'));
  await page.locator('.incident-bar').waitFor({ timeout: 15 * 60_000 });
  const firstRowsMs: number[] = [];
  const longestTaskMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const [a, b] = run % 2 === 0 ? [ids[0]!, ids[1]!] : [ids[1]!, ids[0]!];
    const params = new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
    params.set('mode', 'traces');
    params.set('a', a);
    params.set('b', b);
    const timing = await page.evaluate(
      async ([hash, before]) => {
        const tasks: number[] = [];
        const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((entry) => entry.duration)));
        observer.observe({ type: 'longtask' });
        const start = performance.now();
        location.hash = hash!;
        for (;;) {
          await new Promise((done) => requestAnimationFrame(done));
          const link = document.querySelector('[aria-label="Before trace"] a');
          if (link?.textContent === before && document.querySelector('[aria-label="Merged spans of both traces"] [role="row"]')) break;
        }
        // The frame that paints them.
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
        const elapsed = performance.now() - start;
        observer.disconnect();
        return { elapsed, longest: Math.max(0, ...tasks) };
      },
      [`#/compare?${params}`, a],
    );
    firstRowsMs.push(Math.round(timing.elapsed));
    longestTaskMs.push(Math.round(timing.longest));
  }
  process.stdout.write(`${JSON.stringify({ bench: 'compare-traces-view', spansPerTrace: spans, runs, firstRowsMs, longestTaskMs })}\n`);
} finally {
  await browser.close();
  await server.close();
}
