import { useSyncExternalStore } from 'react';
import { decodeSource, encodeSource, sameSource, SOURCE_PARAM, type OpenSource } from '../../shared/contract/host/index.ts';

/**
 * Linkable view state lives in the URL fragment: `#/<view>?<params>`, e.g.
 * `#/traces?src=demo&q=service("orders")`. The `src` parameter says what is open (see
 * shared/contract/launch.ts), so a copied URL reopens the same view of the same files.
 */
export const VIEWS = ['start', 'timeline', 'map', 'traces', 'trace', 'changes', 'compare', 'capture'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface Route {
  readonly view: ViewName;
  readonly params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const [path = '', query = ''] = text.split(/\?(.*)/s, 2);
  const name = path.replace(/^\/+/, '').split('/')[0] ?? '';
  const view = (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : 'start';
  return { view, params: new URLSearchParams(query) };
}

export function formatRoute(view: ViewName, params: URLSearchParams | Iterable<[string, string]> = []): string {
  const query = new URLSearchParams(params instanceof URLSearchParams ? params : [...params]).toString();
  return `#/${view}${query ? `?${query}` : ''}`;
}

export function routeSource(route: Route): OpenSource | undefined {
  return decodeSource(route.params.getAll(SOURCE_PARAM));
}

/** Params with `src` set to `source` (or removed). */
export function withSource(params: URLSearchParams, source: OpenSource | undefined): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(SOURCE_PARAM);
  for (const value of source ? encodeSource(source) : []) next.append(SOURCE_PARAM, value);
  return next;
}

/**
 * The params to show `view` with once `source` is open: a URL that already names this view and
 * this source (a launch URL, a reload, a pasted link) keeps its own state — the filter, the range,
 * the selection it links to; any other open starts the view afresh.
 */
export function paramsToShow(route: Route, view: ViewName, source: OpenSource | undefined): URLSearchParams {
  const same = source !== undefined && route.view === view && sameSource(routeSource(route), source);
  return withSource(same ? new URLSearchParams(route.params) : new URLSearchParams(), source);
}

export interface NavigateOptions {
  /** Replace the history entry instead of adding one. */
  readonly replace?: boolean;
  /** Keep the current `src` (default true): views change, the open files do not. */
  readonly keepSource?: boolean;
}

/** Goes to a view. Other params are dropped unless given; `src` is kept unless told otherwise. */
export function navigate(view: ViewName, params: Iterable<[string, string]> = [], options: NavigateOptions = {}): void {
  const next = new URLSearchParams([...params]);
  if (options.keepSource !== false && !next.has(SOURCE_PARAM)) {
    for (const value of currentRoute().params.getAll(SOURCE_PARAM)) next.append(SOURCE_PARAM, value);
  }
  const hash = formatRoute(view, next);
  if (hash === window.location.hash) return;
  if (options.replace) {
    window.history.replaceState(window.history.state, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

/** Changes some params of the current view (`undefined` removes one), replacing the history entry. */
export function updateRouteParams(patch: Readonly<Record<string, string | undefined>>): void {
  const route = currentRoute();
  const next = new URLSearchParams(route.params);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) next.delete(key);
    else next.set(key, value);
  }
  navigate(route.view, next, { replace: true, keepSource: false });
}

export function currentRoute(): Route {
  return parseRoute(window.location.hash);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current route; re-renders when the fragment changes. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  // One Route per hash string, so components can depend on it.
  return routeFor(hash);
}

let lastHash: string | undefined;
let lastRoute: Route | undefined;
function routeFor(hash: string): Route {
  if (hash !== lastHash || !lastRoute) {
    lastHash = hash;
    lastRoute = parseRoute(hash);
  }
  return lastRoute;
}

/** `<low>~<high>` in a URL (seconds): the Traces view's duration range and start-time window, Changes' window. */
export function parseRange(text: string | null): readonly [number, number] | undefined {
  const match = /^(\d+(?:\.\d+)?)~(\d+(?:\.\d+)?)$/.exec(text ?? '');
  if (!match) return undefined;
  const low = Number(match[1]);
  const high = Number(match[2]);
  return low <= high ? [low, high] : undefined;
}

/** Seconds with up to 6 decimals (microseconds), without trailing zeros. */
export function formatSeconds(value: number): string {
  return String(Number(value.toFixed(6)));
}

/** A range as parseRange reads it. */
export function formatRange(range: readonly [number, number]): string {
  return `${formatSeconds(range[0])}~${formatSeconds(range[1])}`;
}
