// The import directions of docs/architecture (../shared/docs/architecture.md), checked on source text:
//   shared/    no Node, DOM or Electron API; imports only shared/ and the packages in SHARED_PACKAGES
//   renderer/  never electron/, electron, node:* or @aws-sdk/*; components/ never features/;
//              workers/ only shared/
//   electron/  never renderer/
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));
/** Packages shared/ may use: pure, and running the same in Node, a browser and a Web Worker. */
export const SHARED_PACKAGES = new Set(['zod', 'elkjs', 'd3-array', 'd3-scale', 'd3-hierarchy', 'd3-shape', 'd3-time', 'd3-format']);

const IMPORT_PATTERNS = [
  /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

export function importsOf(source) {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
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

/** Returns the violations of one file: `[{ file, specifier, rule }]`. `root` is the repository root. */
export function checkFile(root, file, source) {
  const rel = relative(root, file).split(sep).join('/');
  const area = rel.split('/')[0];
  const isTest = /\.test\.tsx?$/.test(rel);
  const problems = [];
  for (const specifier of importsOf(source)) {
    const isRelative = specifier.startsWith('.');
    const target = isRelative ? relative(root, resolve(dirname(file), specifier)).split(sep).join('/') : undefined;
    const isNode = specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(packageName(specifier));
    const fail = (rule) => problems.push({ file: rel, specifier, rule });
    if (area === 'shared' && isTest) {
      // Unit tests beside shared code read fixtures from disk; they still never touch Electron.
      if (!isRelative && packageName(specifier) === 'electron') fail('shared/ uses no Electron API');
    } else if (area === 'shared') {
      if (isRelative && !target.startsWith('shared/')) fail('shared/ imports nothing outside shared/');
      else if (!isRelative && isNode) fail('shared/ uses no Node API');
      else if (!isRelative && packageName(specifier) === 'electron') fail('shared/ uses no Electron API');
      else if (!isRelative && !SHARED_PACKAGES.has(packageName(specifier))) fail(`shared/ may only use the pure packages ${[...SHARED_PACKAGES].join(', ')}`);
    } else if (area === 'renderer') {
      if (isRelative && target.startsWith('electron/')) fail('renderer/ never imports electron/');
      else if (!isRelative && isNode) fail('renderer/ never imports node:* or Node built-ins');
      else if (!isRelative && packageName(specifier) === 'electron') fail('renderer/ never imports electron');
      else if (!isRelative && specifier.startsWith('@aws-sdk/')) fail('renderer/ never imports @aws-sdk/*');
      else if (rel.startsWith('renderer/components/') && isRelative && target.startsWith('renderer/features/')) fail('renderer/components/ never imports features/');
      else if (rel.startsWith('renderer/workers/') && isRelative && !target.startsWith('shared/') && !target.startsWith('renderer/workers/')) fail('renderer/workers/ imports shared/ only');
    } else if (area === 'electron') {
      if (isRelative && target.startsWith('renderer/')) fail('electron/ never imports renderer/');
    }
  }
  return problems;
}
