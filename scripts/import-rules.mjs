// The import check of docs/architecture (../shared/docs/architecture.md), on source text:
//   packages  shared/ uses no Node, DOM or Electron API and only the pure packages below;
//             renderer/ never electron, node:* or @aws-sdk/*
//   folders   an import between two folders must be allowed by ALLOWED (import-layers.mjs),
//             default deny
//   cycles    no cycle between files, none between folders; type-only imports count
// Exceptions live in DEBT with their reason; a debt entry that matches nothing is itself an error.
import { builtinModules } from 'node:module';
import { posix } from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));
/** Packages shared/ may use: pure, and running the same in Node, a browser and a Web Worker. */
export const SHARED_PACKAGES = new Set(['zod', 'elkjs', 'd3-array', 'd3-scale', 'd3-hierarchy', 'd3-shape', 'd3-time', 'd3-format']);
/** What the check reads: source files, by extension. */
export const SOURCE_FILE = /\.(ts|tsx|mts|js|mjs)$/;

const IMPORT_PATTERNS = [
  /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bnew\s+URL\s*\(\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
];

/** Every module specifier of a source text (type-only imports included), comments left out. */
export function importsOf(source) {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of withoutComments.matchAll(pattern)) found.push(match[1]);
  }
  return found;
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const isTestFile = (file) => /\.test\.tsx?$/.test(file);

/** The package rules of one file (`file` relative to the repository, with `/`). */
export function packageProblems(file, specifiers) {
  const area = file.split('/')[0];
  const problems = [];
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) continue;
    const name = packageName(specifier);
    const isNode = specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(name);
    const fail = (rule) => problems.push({ file, specifier, rule });
    if (area === 'shared') {
      if (name === 'electron') fail('shared/ uses no Electron API');
      else if (isTestFile(file)) continue; // unit tests beside shared code read fixtures from disk
      else if (isNode) fail('shared/ uses no Node API');
      else if (!SHARED_PACKAGES.has(name)) fail(`shared/ may only use the pure packages ${[...SHARED_PACKAGES].join(', ')}`);
    } else if (area === 'renderer') {
      if (isNode) fail('renderer/ never imports node:* or Node built-ins');
      else if (name === 'electron') fail('renderer/ never imports electron');
      else if (specifier.startsWith('@aws-sdk/')) fail('renderer/ never imports @aws-sdk/*');
    }
  }
  return problems;
}

/** Matches a folder against a pattern whose `*` stands for one folder name. */
function matchesPattern(pattern, folder) {
  const p = pattern.split('/');
  const f = folder.split('/');
  if (p.length !== f.length) return false;
  return p.every((part, i) => part === '*' || part === f[i]);
}

/**
 * The allow-list unit a folder belongs to: the most specific pattern that is the folder or one
 * of its ancestors, made concrete (`shared/analysis/*` gives `shared/analysis/map`).
 */
export function unitOf(folder, allowed) {
  const parts = folder.split('/');
  for (let length = parts.length; length > 0; length--) {
    const candidate = parts.slice(0, length).join('/');
    const exact = Object.hasOwn(allowed, candidate);
    if (exact) return { unit: candidate, rule: candidate };
    const pattern = Object.keys(allowed).find((key) => key.includes('*') && matchesPattern(key, candidate));
    if (pattern) return { unit: candidate, rule: pattern };
  }
  return undefined;
}

function isInside(folder, ancestor) {
  return folder === ancestor || folder.startsWith(`${ancestor}/`);
}

/** Whether a file of unit `from` (rule `rule`) may import a file in folder `target`. */
function allowedEdge(from, rule, target, allowed) {
  if (isInside(target, from)) return true;
  return (allowed[rule] ?? []).some((pattern) => {
    const depth = pattern.split('/').length;
    const head = target.split('/').slice(0, depth).join('/');
    return matchesPattern(pattern, head);
  });
}

/** Strongly connected components of more than one node, or with a self-edge (Tarjan, iterative). */
export function cycles(nodes, edgesOf) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const found = [];
  let next = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work = [{ node: start, targets: [...(edgesOf.get(start) ?? [])], i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.targets.length) {
        const target = frame.targets[frame.i++];
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, targets: [...(edgesOf.get(target) ?? [])], i: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(target)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfEdge = component.length === 1 && (edgesOf.get(member) ?? new Set()).has(member);
        if (component.length > 1 || selfEdge) found.push(component.sort());
      }
    }
  }
  return found;
}

/**
 * Checks a whole tree. `files` maps each source file (relative to the repository, `/`-separated)
 * to its text; `allowed` and `debt` are import-layers.mjs's. Returns what was checked, the
 * violations (each `{ kind, file?, specifier?, rule }`), and what the debt list tolerated.
 */
export function checkTree(files, { allowed, debt = [] }) {
  const violations = [];
  const fileEdges = new Map();
  const folderEdges = new Map();
  const folderEdgeExample = new Map();
  let imports = 0;
  const refused = [];
  for (const [file, source] of files) {
    const specifiers = importsOf(source);
    imports += specifiers.length;
    for (const problem of packageProblems(file, specifiers)) violations.push({ kind: 'package', ...problem });
    if (isTestFile(file)) continue;
    const folder = posix.dirname(file);
    const unit = unitOf(folder, allowed);
    for (const specifier of specifiers) {
      if (!specifier.startsWith('.')) continue;
      const target = posix.normalize(posix.join(folder, specifier.replace(/\?.*$/, '')));
      const targetFolder = posix.dirname(target);
      if (files.has(target)) {
        if (!fileEdges.has(file)) fileEdges.set(file, new Set());
        fileEdges.get(file).add(target);
      }
      if (targetFolder !== folder && SOURCE_FILE.test(target)) {
        if (!folderEdges.has(folder)) folderEdges.set(folder, new Set());
        folderEdges.get(folder).add(targetFolder);
        folderEdgeExample.set(`${folder} -> ${targetFolder}`, `${file} imports ${specifier}`);
      }
      if (!unit) {
        refused.push({ from: folder, to: targetFolder, file, specifier, rule: `${folder} is in no entry of the allow-list (scripts/import-layers.mjs)` });
      } else if (!allowedEdge(unit.unit, unit.rule, targetFolder, allowed)) {
        refused.push({ from: unit.unit, to: targetFolder, file, specifier, rule: `${unit.unit} may not import ${targetFolder} (allow-list entry '${unit.rule}' in scripts/import-layers.mjs)` });
      }
    }
  }

  const used = new Set();
  const tolerated = [];
  const debtFor = (match) => {
    const index = debt.findIndex(match);
    if (index < 0) return undefined;
    used.add(index);
    return debt[index];
  };
  for (const edge of refused) {
    const entry = debtFor((d) => d.from !== undefined && isInside(edge.to, d.to) && isInside(edge.file, d.from));
    if (entry) tolerated.push({ ...edge, reason: entry.reason });
    else violations.push({ kind: 'folder', file: edge.file, specifier: edge.specifier, rule: edge.rule });
  }
  const fileCycles = cycles([...files.keys()].filter((f) => !isTestFile(f)), fileEdges);
  for (const cycle of fileCycles) {
    const entry = debtFor((d) => Array.isArray(d.cycle) && d.cycle.length === cycle.length && d.cycle.every((f) => cycle.includes(f)));
    const rule = `cycle between files: ${cycle.join(' <-> ')}`;
    if (entry) tolerated.push({ rule, reason: entry.reason });
    else violations.push({ kind: 'file cycle', rule });
  }
  const folders = new Set([...files.keys()].filter((f) => !isTestFile(f)).map((f) => posix.dirname(f)));
  const folderCycles = cycles([...folders], folderEdges);
  for (const cycle of folderCycles) {
    const why = cycle.flatMap((a) => cycle.filter((b) => folderEdges.get(a)?.has(b)).map((b) => folderEdgeExample.get(`${a} -> ${b}`)));
    const entry = debtFor((d) => Array.isArray(d.cycle) && d.cycle.length === cycle.length && d.cycle.every((f) => cycle.includes(f)));
    const rule = `cycle between folders: ${cycle.join(' <-> ')} (${why.join('; ')})`;
    if (entry) tolerated.push({ rule, reason: entry.reason });
    else violations.push({ kind: 'folder cycle', rule });
  }
  debt.forEach((entry, index) => {
    if (!used.has(index)) violations.push({ kind: 'stale debt', rule: `debt entry ${JSON.stringify(entry.cycle ?? `${entry.from} -> ${entry.to}`)} matches nothing any more: remove it from scripts/import-layers.mjs` });
  });
  return {
    files: files.size,
    imports,
    folders: folders.size,
    fileEdges: [...fileEdges.values()].reduce((sum, set) => sum + set.size, 0),
    folderEdges: [...folderEdges.values()].reduce((sum, set) => sum + set.size, 0),
    fileCycles: fileCycles.length,
    folderCycles: folderCycles.length,
    violations,
    tolerated,
  };
}
