import { FILE_HANDLE_PATTERN } from './schemas.ts';

/**
 * What the renderer should open, written into its URL so a view can be reopened (and so the
 * host can hand the renderer a file at launch): the `src` parameter of the view route, repeated,
 * each value `demo` or `file:<handle>`. A URL never carries a path: a handle means something only
 * to the host that gave it out (a recent entry's handle is kept with the recent list, so it still
 * opens after the host restarts). Files picked or dropped in a browser have no `src`.
 */
export type OpenSource = { readonly kind: 'demo' } | { readonly kind: 'files'; readonly handles: readonly string[] };

export const SOURCE_PARAM = 'src';
/** The view shown right after a launch opens something. */
export const LAUNCH_VIEW = 'map';
const FILE_PREFIX = 'file:';

export function encodeSource(source: OpenSource): string[] {
  return source.kind === 'demo' ? ['demo'] : source.handles.map((handle) => `${FILE_PREFIX}${handle}`);
}

/** Undefined when there is nothing valid to open (no values, a mix of demo and files, or anything else, such as a path). */
export function decodeSource(values: readonly string[]): OpenSource | undefined {
  if (values.length === 1 && values[0] === 'demo') return { kind: 'demo' };
  const handles: string[] = [];
  for (const value of values) {
    const handle = value.startsWith(FILE_PREFIX) ? value.slice(FILE_PREFIX.length) : '';
    if (!FILE_HANDLE_PATTERN.test(handle)) return undefined;
    handles.push(handle);
  }
  return handles.length > 0 ? { kind: 'files', handles } : undefined;
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
