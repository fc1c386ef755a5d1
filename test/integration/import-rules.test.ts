import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript module without types
import { ALLOWED as REAL_ALLOWED, DEBT as REAL_DEBT } from '../../scripts/import-layers.mjs';
// @ts-expect-error -- plain JavaScript module without types
import { checkTree, packageProblems, importsOf } from '../../scripts/import-rules.mjs';

interface Violation {
  readonly kind: string;
  readonly file?: string;
  readonly specifier?: string;
  readonly rule: string;
}
interface Checked {
  readonly violations: readonly Violation[];
  readonly tolerated: readonly { readonly rule: string; readonly reason: string }[];
  readonly fileCycles: number;
  readonly folderCycles: number;
}
type Debt = { from: string; to: string; reason: string } | { cycle: string[]; reason: string };

/** A small allow-list for the cases below: a over b over c; x beside them. */
const ALLOWED = {
  'lib/a': ['lib/b', 'lib/c'],
  'lib/b': ['lib/c'],
  'lib/c': [],
  'lib/x/*': ['lib/c'],
};

function check(files: Record<string, string>, debt: Debt[] = [], allowed: object = ALLOWED): Checked {
  return checkTree(new Map(Object.entries(files)), { allowed, debt }) as Checked;
}
const packages = (file: string, source: string): Violation[] => packageProblems(file, importsOf(source)) as Violation[];

describe('the import check: folders', () => {
  it('allows what the allow-list names, inside a folder and into its own sub-folders', () => {
    const result = check({
      'lib/a/one.ts': "import { b } from '../b/two.ts';\nimport { c } from '../c/three.ts';\nimport { inner } from './deep/four.ts';",
      'lib/a/deep/four.ts': "import { c } from '../../c/three.ts';",
      'lib/b/two.ts': "import type { C } from '../c/three.ts';",
      'lib/c/three.ts': 'export const c = 1;',
    });
    expect(result.violations).toEqual([]);
  });

  it('refuses a folder edge the allow-list does not name (default deny), type-only imports too', () => {
    const result = check({
      'lib/c/three.ts': "import type { B } from '../b/two.ts';",
      'lib/b/two.ts': 'export type B = 1;',
    });
    expect(result.violations).toEqual([
      { kind: 'folder', file: 'lib/c/three.ts', specifier: '../b/two.ts', rule: "lib/c may not import lib/b (allow-list entry 'lib/c' in scripts/import-layers.mjs)" },
    ]);
  });

  it('treats each folder of a * entry on its own: one question folder may not import another', () => {
    const result = check({ 'lib/x/p/one.ts': "import { q } from '../q/two.ts';", 'lib/x/q/two.ts': "import { c } from '../../c/three.ts';", 'lib/c/three.ts': '' });
    expect(result.violations.map((v) => v.rule)).toEqual(["lib/x/p may not import lib/x/q (allow-list entry 'lib/x/*' in scripts/import-layers.mjs)"]);
  });

  it('refuses a folder that is in no entry', () => {
    const result = check({ 'other/one.ts': "import { c } from '../lib/c/three.ts';", 'lib/c/three.ts': '' });
    expect(result.violations.map((v) => v.rule)).toEqual(['other is in no entry of the allow-list (scripts/import-layers.mjs)']);
  });
});

describe('the import check: cycles', () => {
  it('finds a cycle between two files of one folder', () => {
    const result = check({ 'lib/c/one.ts': "import { two } from './two.ts';", 'lib/c/two.ts': "import { one } from './one.ts';" });
    expect(result.fileCycles).toBe(1);
    expect(result.violations).toEqual([{ kind: 'file cycle', rule: 'cycle between files: lib/c/one.ts <-> lib/c/two.ts' }]);
  });

  it('finds a cycle made only of type imports, over three files', () => {
    const result = check({
      'lib/c/one.ts': "import type { Two } from './two.ts';",
      'lib/c/two.ts': "export type { Three } from './three.ts';",
      'lib/c/three.ts': "import { type One } from './one.ts';",
    });
    expect(result.violations.map((v) => v.kind)).toEqual(['file cycle']);
  });

  it('finds a cycle between a folder and its sub-folder, though each edge is allowed', () => {
    const result = check({ 'lib/a/view.ts': "import { part } from './part/part.ts';", 'lib/a/part/part.ts': "import { fmt } from '../format.ts';", 'lib/a/format.ts': '' });
    expect(result.fileCycles).toBe(0);
    expect(result.folderCycles).toBe(1);
    expect(result.violations[0]?.rule).toBe('cycle between folders: lib/a <-> lib/a/part (lib/a/view.ts imports ./part/part.ts; lib/a/part/part.ts imports ../format.ts)');
  });

  it('leaves unit tests out of the folder rules and the cycles', () => {
    const result = check({ 'lib/c/one.ts': '', 'lib/c/one.test.ts': "import { one } from './one.ts';\nimport { a } from '../a/x.ts';", 'lib/a/x.ts': "import { c } from '../c/one.ts';" });
    expect(result.violations).toEqual([]);
  });
});

describe('the import check: debt', () => {
  const files = { 'lib/c/three.ts': "import { b } from '../b/two.ts';", 'lib/b/two.ts': "import { c } from '../c/three.ts';" };

  it('tolerates what a debt entry names, with its reason, and nothing else', () => {
    const result = check(files, [
      { from: 'lib/c/three.ts', to: 'lib/b', reason: 'three still formats with b; moves with the formatter change' },
      { cycle: ['lib/b/two.ts', 'lib/c/three.ts'], reason: 'the same' },
      { cycle: ['lib/b', 'lib/c'], reason: 'the same, between the folders' },
    ]);
    expect(result.violations).toEqual([]);
    expect(result.tolerated.map((t) => t.reason)).toEqual(['three still formats with b; moves with the formatter change', 'the same', 'the same, between the folders']);
  });

  it('fails on a debt entry that matches nothing, so the list only shrinks', () => {
    const result = check({ 'lib/c/three.ts': '' }, [{ from: 'lib/c', to: 'lib/b', reason: 'gone' }]);
    expect(result.violations).toEqual([{ kind: 'stale debt', rule: 'debt entry "lib/c -> lib/b" matches nothing any more: remove it from scripts/import-layers.mjs' }]);
  });

  it('holds no debt on this repository', () => {
    expect(REAL_DEBT).toEqual([]);
    expect(Object.keys(REAL_ALLOWED)).toContain('shared/analysis/*');
  });
});

describe('the import check: packages', () => {
  it('refuses Node, DOM-framework and Electron imports in shared/', () => {
    expect(packages('shared/a/x.ts', "import { readFile } from 'node:fs';")).toHaveLength(1);
    expect(packages('shared/a/x.ts', "import path from 'path';")).toHaveLength(1);
    expect(packages('shared/a/x.ts', "import { app } from 'electron';")).toHaveLength(1);
    expect(packages('shared/a/x.ts', "import React from 'react';")).toHaveLength(1);
    expect(packages('shared/a/x.ts', "import { z } from 'zod';\nimport { y } from '../b/y.ts';")).toEqual([]);
  });

  it('refuses node:* and @aws-sdk in renderer/, and lets shared/ unit tests read files', () => {
    expect(packages('renderer/app/x.ts', "const fs = await import('node:fs');")).toHaveLength(1);
    expect(packages('renderer/app/x.ts', "import { XRayClient } from '@aws-sdk/client-xray';")).toHaveLength(1);
    expect(packages('renderer/app/x.tsx', "import * as d3 from 'd3';")).toEqual([]);
    expect(packages('shared/a/x.test.ts', "import { readFileSync } from 'node:fs';")).toEqual([]);
    expect(packages('shared/a/x.test.ts', "import { app } from 'electron';")).toHaveLength(1);
  });

  it('ignores imports in comments and reads the worker URL as an import', () => {
    expect(importsOf("// import { readFile } from 'node:fs';\n/* import 'electron' */")).toEqual([]);
    expect(importsOf("new Worker(new URL('../workers/analysis.worker.ts', import.meta.url))")).toEqual(['../workers/analysis.worker.ts']);
  });
});
