#!/usr/bin/env node
// Fails when a source file breaks the import directions (see scripts/import-rules.mjs).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkFile } from './import-rules.mjs';

const root = resolve(import.meta.dirname, '..');
function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name)) yield path;
  }
}

let files = 0;
const problems = [];
for (const area of ['shared', 'renderer', 'electron']) {
  for (const file of sources(join(root, area))) {
    files++;
    problems.push(...checkFile(root, file, readFileSync(file, 'utf8')));
  }
}
for (const p of problems) console.error(`${p.file}: imports '${p.specifier}': ${p.rule}`);
console.log(`import directions: ${files} files checked, ${problems.length} violations`);
process.exit(problems.length ? 1 : 0);
