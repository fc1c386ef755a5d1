/**
 * What the renderer should open, written into its URL so a view can be reopened (and so the
 * host can hand the renderer a file at launch): the `src` parameter of the view route, repeated,
 * each value `demo` or `path:<absolute path>`. Files given as bytes (a drop) have no `src`.
 */
export type OpenSource = { readonly kind: 'demo' } | { readonly kind: 'paths'; readonly paths: readonly string[] };

export const SOURCE_PARAM = 'src';
/** The view shown right after a launch opens something. */
export const LAUNCH_VIEW = 'map';

export function encodeSource(source: OpenSource): string[] {
  return source.kind === 'demo' ? ['demo'] : source.paths.map((path) => `path:${path}`);
}

/** Undefined when there is nothing valid to open (no values, or a mix of demo and paths). */
export function decodeSource(values: readonly string[]): OpenSource | undefined {
  if (values.length === 1 && values[0] === 'demo') return { kind: 'demo' };
  const paths: string[] = [];
  for (const value of values) {
    if (!value.startsWith('path:') || value.length === 5) return undefined;
    paths.push(value.slice(5));
  }
  return paths.length > 0 ? { kind: 'paths', paths } : undefined;
}

/** The URL fragment that opens `source` in the launch view, e.g. `#/map?src=demo`. */
export function launchHash(source: OpenSource): string {
  const query = encodeSource(source)
    .map((value) => `${SOURCE_PARAM}=${encodeURIComponent(value)}`)
    .join('&');
  return `#/${LAUNCH_VIEW}?${query}`;
}

export function sameSource(a: OpenSource | undefined, b: OpenSource | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const left = encodeSource(a);
  const right = encodeSource(b);
  return left.length === right.length && left.every((value, i) => value === right[i]);
}
