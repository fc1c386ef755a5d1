import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/cli.ts';
import { generateScaleSegments } from '../../shared/generator/index.ts';
import { launchBrowser, type BrowserSession } from '../support/browser.ts';

/**
 * `import` writes its snapshot as one gzip member assembled from two deflate parts (the header,
 * compressed last, in front of the records compressed while the files were read; see
 * electron/files/gzip-join.ts). Chromium's DecompressionStream, which the app's worker inflates
 * snapshots with, refuses anything after a member's end, so it is the reader to check it with.
 */
describe('a snapshot written by import, in Chromium', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await launchBrowser();
  });
  afterAll(async () => {
    await session.close();
  });

  it('inflates with DecompressionStream to the text node:zlib inflates it to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-gzip-'));
    const input = join(dir, 'segments.ndjson');
    const lines = [...generateScaleSegments({ seed: 11, traces: 30, spansPerTrace: 40 })].map((doc) => JSON.stringify(doc));
    writeFileSync(input, `${lines.join('\n')}\n`);
    const out = join(dir, 'incident.json.gz');
    let stderr = '';
    const code = await main(['import', input, '--out', out], { stdout: { write: () => undefined }, stderr: { write: (text: string) => (stderr += text) } });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const bytes = readFileSync(out);
    // The member the import assembled itself (OS byte 255), not a fallback written by node:zlib (3).
    expect(bytes[9]).toBe(255);
    const expected = gunzipSync(bytes).toString('utf8');
    expect(expected.split('\n')).toHaveLength(lines.length + 3);
    const inflated = await session.page.evaluate(async (base64: string) => {
      const compressed = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const stream = new Blob([compressed]).stream().pipeThrough(new DecompressionStream('gzip'));
      const reader = stream.getReader();
      const decoder = new TextDecoder();
      let text = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return text + decoder.decode();
          text += decoder.decode(value, { stream: true });
        }
      } catch (error) {
        return `failed: ${String(error)}`;
      }
    }, bytes.toString('base64'));
    expect(inflated).toBe(expected);
    expect(session.errors).toEqual([]);
  });
});
