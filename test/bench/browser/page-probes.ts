/**
 * Measuring code run inside the page (the app, or the static baseline page), installed as
 * `window.__teBench`. It is plain JavaScript in a string: functions handed to page.evaluate
 * would be transpiled first, and helper names the transpiler adds do not exist in the page.
 *
 * - `nextPaint()`: resolves after the next frame is painted — a message posted from a
 *   requestAnimationFrame callback runs once that frame's rendering is done.
 * - `select(hash, done)`: starts a long-task observer and a frame-gap recorder, sets location.hash
 *   (what choosing a trace does), and times the first painted rows and the end of loading (no
 *   element matching `done.pending` left, the page quiet for `done.settleMs`).
 * - `scroll(selector, frames, step)`: scrolls an element by `step` px in each animation frame and
 *   returns the intervals between frames (ms).
 * - `armClick(selector)`: resolves with the time from the next click to the first painted frame
 *   in which `selector` matches (the change is on screen).
 * - `collectRows(selector, rows)`: scrolls a virtualised list through its first `rows` rows and
 *   keeps each row's markup, by aria-rowindex.
 */
export const PROBE_SOURCE = String.raw`
(() => {
  if (window.__teBench) return;
  const nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(0);
  }));
  const until = (check) => new Promise((resolve) => {
    if (check()) return resolve();
    const observer = new MutationObserver(() => {
      if (check()) { observer.disconnect(); resolve(); }
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const bench = {
    nextPaint,
    async select(hash, done) {
      const tasks = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
      });
      observer.observe({ type: 'longtask' });
      let lastFrame = 0;
      let longestFrame = 0;
      let recording = true;
      const frame = (time) => {
        if (lastFrame) longestFrame = Math.max(longestFrame, time - lastFrame);
        lastFrame = time;
        if (recording) requestAnimationFrame(frame);
      };
      await nextPaint();
      requestAnimationFrame(frame);
      const t0 = performance.now();
      location.hash = hash;
      await until(() => document.querySelector(done.rows));
      const firstRows = (await nextPaint()) - t0;
      await until(() => document.querySelector(done.ready) && !document.querySelector(done.pending));
      const loaded = (await nextPaint()) - t0;
      await sleep(done.settleMs);
      recording = false;
      observer.takeRecords().forEach((entry) => tasks.push({ start: entry.startTime, duration: entry.duration }));
      observer.disconnect();
      const during = tasks.filter((task) => task.start + task.duration >= t0);
      return {
        firstRowsMs: firstRows,
        loadedMs: loaded,
        longestTaskMs: during.reduce((max, task) => Math.max(max, task.duration), 0),
        longTasks: during.map((task) => ({ at: Math.round(task.start - t0), ms: Math.round(task.duration) })),
        longestFrameMs: longestFrame,
      };
    },
    scroll(selector, frames, step) {
      const element = document.querySelector(selector);
      if (!element) throw new Error('nothing matches ' + selector);
      element.scrollTop = 0;
      return new Promise((resolve) => {
        const intervals = [];
        let last = 0;
        let count = -10;
        const tick = (time) => {
          if (count >= 0) {
            if (last) intervals.push(time - last);
            element.scrollTop += step;
          }
          last = count >= 0 ? time : 0;
          count++;
          if (count <= frames) requestAnimationFrame(tick);
          else resolve({ intervals, scrollTop: element.scrollTop });
        };
        requestAnimationFrame(tick);
      });
    },
    armClick(selector) {
      return new Promise((resolve) => {
        document.addEventListener('click', (event) => {
          const started = event.timeStamp;
          const check = () => {
            if (!document.querySelector(selector)) return requestAnimationFrame(check);
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.now() - started);
            channel.port2.postMessage(0);
          };
          requestAnimationFrame(check);
        }, { capture: true, once: true });
      });
    },
    async collectRows(selector, rows) {
      const scroller = document.querySelector(selector);
      const kept = new Map();
      for (let top = 0; top <= rows * 26; top += Math.max(26, scroller.clientHeight - 52)) {
        scroller.scrollTop = top;
        await nextPaint();
        await nextPaint();
        for (const row of scroller.querySelectorAll('[role="row"]')) {
          const index = Number(row.getAttribute('aria-rowindex'));
          if (index <= rows && !kept.has(index)) kept.set(index, row.outerHTML);
        }
      }
      scroller.scrollTop = 0;
      await nextPaint();
      return [...kept.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
    },
  };
  window.__teBench = bench;
})();
`;

/** The page's CSS as text (every rule of every sheet), to inline it into the static page. */
export const STYLES_SOURCE = String.raw`
[...document.styleSheets].map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join('\n')).join('\n')
`;
