// Runs Doyensec's Electronegativity over a folder and prints its findings as JSON (one object:
// {checks, issues: [{id, severity, confidence, file, line, column, sample}], errors}). Two things are
// redirected, here only: its TypeScript parser (@typescript-eslint/typescript-estree 4) requires
// `typescript`, whose version 7 has no JavaScript API, so it gets TypeScript 6 (tools/typescript6, a
// local package so its tsc does not shadow the project's); and its start-up fetch of translations from the internet gets a
// stub that fails at once, so the scan never leaves the machine (it then uses its bundled en-US).
// Usage: node scripts/electronegativity.cjs FOLDER… (several folders are scanned as one app, through
// a temporary folder of links to them, so its global checks see the main process and the pages together).
'use strict';
const Module = require('node:module');
const path = require('node:path');

const resolve = Module._resolveFilename;
const offline = path.join(__dirname, 'electronegativity-offline.cjs');
const typescript6 = require.resolve('typescript', { paths: [path.join(__dirname, '..', 'tools', 'typescript6')] });
Module._resolveFilename = function (request, parent, ...rest) {
  const from = parent && parent.filename ? parent.filename : '';
  if (request === 'typescript' && from.includes(`${path.sep}@typescript-eslint${path.sep}`)) return typescript6;
  if (request === 'got' && from.includes(`${path.sep}@doyensec${path.sep}electronegativity${path.sep}`)) return offline;
  return resolve.call(this, request, parent, ...rest);
};
process.env.LANG = 'en-US';
// Its own messages (the failed fetches, progress) go to stderr: stdout carries only the JSON.
const stdoutWrite = process.stdout.write.bind(process.stdout);
console.log = console.info = (...args) => process.stderr.write(`${args.join(' ')}\n`);

const fs = require('node:fs');
const os = require('node:os');
const run = require('@doyensec/electronegativity/dist/runner.js');
const folders = process.argv.slice(2).map((folder) => path.resolve(folder));
const input = fs.mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
for (const folder of folders.length ? folders : [process.cwd()]) fs.symlinkSync(folder, path.join(input, path.basename(folder)), 'dir');
const shown = (file) => {
  try {
    return path.relative(process.cwd(), fs.realpathSync(file));
  } catch {
    return file;
  }
};
run({ input, electronVersionOverride: require('../package.json').devDependencies.electron, isRelative: false, isVerbose: false, customScan: [], excludeFromScan: [], parserPlugins: [] })
  .then((result) => {
    const issues = result.issues.map((issue) => ({
      id: issue.id,
      severity: issue.severity && issue.severity.name,
      confidence: issue.confidence && issue.confidence.name,
      file: shown(issue.file),
      line: issue.location && issue.location.line,
      column: issue.location && issue.location.column,
      sample: String(issue.sample || '').slice(0, 160),
    }));
    stdoutWrite(`${JSON.stringify({ checks: result.globalChecks + result.atomicChecks, issues, errors: result.errors.map((e) => ({ file: shown(e.file), message: e.message, tolerable: e.tolerable })) })}\n`);
  })
  .catch((error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(input, { recursive: true, force: true }));
