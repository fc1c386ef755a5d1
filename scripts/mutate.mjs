#!/usr/bin/env node
/**
 * Mutation testing of the core the product's truth depends on, one module at a time (the machine
 * has two shared cores): `npm run mutate` runs every module in turn, `npm run mutate -- pacer`
 * one of them, `npm run mutate -- --list` names them. Each module mutates its files with StrykerJS
 * and runs only its own unit tests (vitest.mutate.config.ts); reports go to reports/mutation/<module>/
 * (not in git). Not part of `npm test` or CI: a full run takes tens of minutes.
 * Extra arguments after the module go to Stryker (e.g. `--concurrency 1`).
 */
import { spawnSync } from 'node:child_process';
import { MODULES } from './mutate-modules.mjs';


const [first, ...rest] = process.argv.slice(2);
if (first === '--list') {
  for (const [name, { mutate }] of Object.entries(MODULES)) console.log(`${name}: ${mutate.filter((glob) => !glob.startsWith('!')).join(' ')}`);
  process.exit(0);
}
const names = first === undefined || first.startsWith('-') ? Object.keys(MODULES) : [first];
const extra = first === undefined || first.startsWith('-') ? process.argv.slice(2) : rest;
for (const name of names) {
  const module = MODULES[name];
  if (module === undefined) {
    console.error(`No module '${name}'. Modules: ${Object.keys(MODULES).join(', ')}.`);
    process.exit(2);
  }
  console.log(`\n== mutation testing: ${name}`);
  const run = spawnSync(
    process.execPath,
    [
      'node_modules/@stryker-mutator/core/bin/stryker.js', 'run', 'stryker.config.mjs',
      ...extra,
    ],
    { stdio: 'inherit', env: { ...process.env, MUTATE_MODULE: name, MUTATE_TESTS: module.tests.join(',') } },
  );
  if (run.status !== 0) process.exit(run.status ?? 1);
}
