#!/usr/bin/env node
// Fails when a source file breaks the import rules (scripts/import-rules.mjs) or the allow-list
// of folders (scripts/import-layers.mjs); prints what it checked.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ALLOWED, DEBT } from './import-layers.mjs';
import { checkTree, SOURCE_FILE } from './import-rules.mjs';

const root = resolve(import.meta.dirname, '..');
const AREAS = ['shared', 'renderer', 'electron', 'test', 'scripts', 'bin'];
const SKIPPED = new Set(['node_modules', 'dist', 'fixtures', 'screenshots']);

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const files = new Map();
for (const area of AREAS) {
  for (const file of sources(join(root, area))) files.set(relative(root, file).split(sep).join('/'), readFileSync(file, 'utf8'));
}
const result = checkTree(files, { allowed: ALLOWED, debt: DEBT });
for (const v of result.violations) console.error(`${v.kind}: ${v.file ? `${v.file}: imports '${v.specifier}': ` : ''}${v.rule}`);
for (const t of result.tolerated) console.log(`tolerated (debt): ${t.rule}: ${t.reason}`);
console.log(
  `import check: ${result.files} files, ${result.imports} imports, ${result.fileEdges} file edges, ${result.folders} folders (${result.folderEdges} folder edges) ` +
    `against ${Object.keys(ALLOWED).length} allow-list entries; ${result.fileCycles} file cycles, ${result.folderCycles} folder cycles; ` +
    `${result.violations.length} violations, ${result.tolerated.length} tolerated by ${DEBT.length} debt entries`,
);
process.exit(result.violations.length ? 1 : 0);
