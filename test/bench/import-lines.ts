/**
 * Child process of the import benchmark: `node bin/run-ts.mjs test/bench/import-lines.ts MODE FILE [ARG]`.
 * MODE `make`:     writes SPANS spans (ARG) of the generator's scale data to FILE as JSON lines, one
 *                  segment document per line (the way `aws xray` output or a log shipper saves them).
 * MODE `baseline`: Node's read + parse of the same lines: the file read in 1 MiB chunks, each line
 *                  decoded and JSON.parse'd, every value kept (import keeps every document too).
 * MODE `import`:   `trace-explorer import FILE --out ARG`, the command as users run it (in this process).
 * Prints one JSON line: {mode, ms, cpuMs, maxRssBytes, ...}. CPU time (user + system, all threads) is
 * the steadier measure on a shared machine: the wall clock also counts the time other jobs held the cores.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { main } from '../../electron/cli/cli.ts';
import { generateScaleSegments } from '../../shared/generator/index.ts';

const [mode, file, arg] = process.argv.slice(2);
if (!mode || !file) throw new Error('usage: import-lines.ts make|baseline|import FILE [SPANS|OUT]');

const SPANS_PER_TRACE = 100;

async function make(path: string, spans: number): Promise<object> {
  const out = createWriteStream(path);
  let documents = 0;
  let lines: string[] = [];
  for (const doc of generateScaleSegments({ seed: 7, traces: Math.ceil(spans / SPANS_PER_TRACE), spansPerTrace: SPANS_PER_TRACE })) {
    lines.push(JSON.stringify(doc));
    documents++;
    if (lines.length === 1000) {
      if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
      lines = [];
    }
  }
  if (lines.length) out.write(`${lines.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  return { spans, documents, bytes: statSync(path).size };
}

async function baseline(path: string): Promise<object> {
  const kept: unknown[] = [];
  let carry: Buffer = Buffer.alloc(0);
  for await (const read of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const chunk = carry.length ? Buffer.concat([carry, read as Buffer]) : (read as Buffer);
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      if (newline > start) kept.push(JSON.parse(chunk.toString('utf8', start, newline)));
      start = newline + 1;
    }
    carry = chunk.subarray(start);
  }
  if (carry.length) kept.push(JSON.parse(carry.toString('utf8')));
  return { documents: kept.length, bytes: statSync(path).size };
}

async function runImport(path: string, out: string): Promise<object> {
  let stdout = '';
  let stderr = '';
  const code = await main(['import', path, '--out', out], { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  if (code !== 0) throw new Error(`import exited ${code}: ${stderr}`);
  const documents = Number(/: ([\d,]+) documents/.exec(stdout)?.[1]?.replace(/,/g, '') ?? NaN);
  return { documents, outBytes: statSync(out).size };
}

// Loaded before the clock starts: the benchmark times the import, not compiling TypeScript.
if (mode === 'import') await import('../../electron/cli/import-command.ts');
const cpuMs = (): number => {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1000;
};
const startedCpu = cpuMs();
const started = performance.now();
const result = mode === 'make' ? await make(file, Number(arg ?? 2_000_000)) : mode === 'baseline' ? await baseline(file) : await runImport(file, arg ?? `${file}.json.gz`);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ mode, ms: Math.round(ms), cpuMs: Math.round(cpuMs() - startedCpu), maxRssBytes: process.resourceUsage().maxRSS * 1024, ...result })}\n`);
