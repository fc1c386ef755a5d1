import { useEffect, useState, type RefObject } from 'react';
import type { ColorScheme } from './status-colors.ts';

/**
 * The size of an element, kept up to date by a ResizeObserver. Where there is no layout (jsdom)
 * the element measures 0 and `fallback` is returned instead, so tests still render a window of rows.
 * `measured` is false until the element was first measured (the fallback is a guess until then).
 * With `inFrame`, the first measure waits for the observer's first report, in the next frame
 * after layout, instead of forcing a layout in the commit that mounted the element (a view that
 * draws only once measured keeps the click that chose it a short task).
 */
export function useElementSize(ref: RefObject<HTMLElement | null>, fallback: { width: number; height: number }, inFrame = false): { width: number; height: number; measured: boolean } {
  const [size, setSize] = useState({ ...fallback, measured: false });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = (): void => {
      const width = element.clientWidth || fallback.width;
      const height = element.clientHeight || fallback.height;
      setSize((old) => (old.measured && old.width === width && old.height === height ? old : { width, height, measured: true }));
    };
    if (!inFrame || typeof ResizeObserver !== 'function') measure();
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, fallback.width, fallback.height, inFrame]);
  return size;
}

/** The OS colour scheme, followed live. */
export function useColorScheme(): ColorScheme {
  const [query] = useState(() => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined));
  const [scheme, setScheme] = useState<ColorScheme>(query?.matches ? 'dark' : 'light');
  useEffect(() => {
    if (!query) return;
    const update = (): void => setScheme(query.matches ? 'dark' : 'light');
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, [query]);
  return scheme;
}

/** Esc anywhere on the page calls `onEscape` while `active` (a long task's Cancel): once, unless something handled the key first. */
export function useEscapeKey(active: boolean, onEscape: () => void): void {
  useEffect(() => {
    if (!active) return undefined;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      onEscape();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, onEscape]);
}
