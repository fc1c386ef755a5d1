import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

/**
 * The built renderer, served under `/t/<token>/` so that every asset request carries the token
 * in its path: the page is loaded from `/?token=…`, and its HTML is rewritten so that the
 * relative asset URLs Vite emits (`./assets/…`, with `base: './'`) point under that prefix. Module
 * imports and the worker resolve relative to their own URL, so they keep the prefix too (no
 * cookie needed, which would be sent to every port on 127.0.0.1).
 */

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const CONTENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.json', 'application/json; charset=utf-8'],
  ['.map', 'application/json; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.ico', 'image/x-icon'],
  ['.woff2', 'font/woff2'],
  ['.txt', 'text/plain; charset=utf-8'],
  ['.wasm', 'application/wasm'],
]);

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES.get(extname(path).toLowerCase()) ?? 'application/octet-stream';
}

export function assetPrefix(token: string): string {
  return `/t/${token}/`;
}

/** The built index.html with its relative URLs moved under the token prefix. */
export function rewriteIndexHtml(html: string, token: string): string {
  return html.replace(/(\s(?:src|href)=["'])\.\//g, `$1${assetPrefix(token)}`);
}

/**
 * Resolves a request path below `staticDir` (already stripped of the token prefix) to a regular
 * file inside it, or undefined. Refuses `..`, encoded slashes and NUL, and follows symlinks only
 * when they stay inside.
 */
export async function resolveStaticFile(staticDir: string, relativeUrlPath: string): Promise<string | undefined> {
  const segments: string[] = [];
  for (const raw of relativeUrlPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '.' || segment === '..' || /[\\/\0]/.test(segment) || segment.includes(':')) return undefined;
    segments.push(segment);
  }
  if (segments.length === 0) segments.push('index.html');
  try {
    const root = await realpath(staticDir);
    const path = await realpath(join(root, ...segments));
    if (!path.startsWith(root + sep)) return undefined;
    return (await stat(path)).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

export async function readIndexHtml(staticDir: string): Promise<string> {
  return readFile(join(staticDir, 'index.html'), 'utf8');
}
