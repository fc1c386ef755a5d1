import { useEffect, useState, type RefObject } from 'react';
import type { ColorScheme } from './status-colors.ts';

/**
 * The size of an element, kept up to date by a ResizeObserver. Where there is no layout (jsdom)
 * the element measures 0 and `fallback` is returned instead, so tests still render a window of rows.
 */
export function useElementSize(ref: RefObject<HTMLElement | null>, fallback: { width: number; height: number }): { width: number; height: number } {
  const [size, setSize] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = (): void => {
      const width = element.clientWidth || fallback.width;
      const height = element.clientHeight || fallback.height;
      setSize((old) => (old.width === width && old.height === height ? old : { width, height }));
    };
    measure();
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, fallback.width, fallback.height]);
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
