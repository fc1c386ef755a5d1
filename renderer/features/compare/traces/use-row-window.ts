import { useCallback, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { useElementSize } from '../../../components/use-dom.ts';
import { frameScheduler } from '../../../core/raf-scheduler.ts';

export const ROW_HEIGHT = 30;
/** Rows drawn above and below the viewport, so a short scroll shows no blank band. */
const OVERSCAN = 12;
/** jsdom has no layout: behave as if the viewport were this tall. */
const FALLBACK = { width: 800, height: 480 };

/**
 * The rows of a virtualised list that are in the DOM: the viewport's plus a margin, from the
 * scroller's scrollTop, re-rendered at most once per frame (inside the frame, flushSync, so new rows
 * paint with the scroll). Only `count` is known up front: rows are made as they are drawn.
 */
export function useRowWindow(scroller: RefObject<HTMLDivElement | null>, count: number, name: string) {
  const [scrollTop, setScrollTop] = useState(0);
  const { height } = useElementSize(scroller, FALLBACK);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const onScroll = useCallback(() => {
    frameScheduler.schedule(`compare-scroll:${name}`, () => {
      const element = scroller.current;
      if (element) flushSync(() => setScrollTop(element.scrollTop));
    });
  }, [scroller, name]);
  /** Brings a position into view ('nearest'), or to the top ('start'). */
  const reveal = useCallback(
    (position: number, align: 'nearest' | 'start' = 'nearest') => {
      const element = scroller.current;
      if (!element) return;
      const top = position * ROW_HEIGHT;
      const view = element.clientHeight || FALLBACK.height;
      let next = element.scrollTop;
      if (align === 'start' || top < next) next = top;
      else if (top + ROW_HEIGHT > next + view) next = top + ROW_HEIGHT - view;
      if (next !== element.scrollTop) element.scrollTop = next;
      setScrollTop(element.scrollTop || next);
    },
    [scroller],
  );
  return { first, last, height, onScroll, reveal, pageRows: Math.max(1, Math.floor(height / ROW_HEIGHT) - 1) };
}
