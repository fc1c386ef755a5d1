import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ChangeListPage } from '../../../shared/analysis/changes/index.ts';
import { formatTime } from '../../../shared/base/format.ts';

/** Rows this tall (CSS pixels); only those in view, and a few more, are in the page. */
export const ROW_HEIGHT = 30;
const OVERSCAN = 10;

const LANE_TEXT = { readOnly: 'read-only', failed: 'failed', notConfig: 'other' } as const;

interface Props {
  readonly page: ChangeListPage;
  readonly selected: string | undefined;
  readonly onSelect: (eventId: string) => void;
  /** The first row the table needs (it asks for a page from there when it scrolls). */
  readonly onWindow: (first: number) => void;
}

/** The events as a virtualised grid: time, event, source, resource, the map node it joined, who, lane; arrows move, Enter selects. */
export function ChangesTable({ page, selected, onSelect, onWindow }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const height = 560;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(page.total, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const rows = page.rows.filter((row) => row.position >= first && row.position < last);
  const selectedIndex = page.rows.findIndex((row) => row.eventId === selected);
  // A selection that arrives with the URL (a link from the timeline) is scrolled into view once.
  const scrolledTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    const element = scroller.current;
    if (!element || selected === undefined || page.found === undefined || scrolledTo.current === selected) return;
    scrolledTo.current = selected;
    const top = page.found * ROW_HEIGHT;
    if (top < element.scrollTop || top + ROW_HEIGHT > element.scrollTop + height) {
      element.scrollTop = Math.max(0, top - height / 2);
      setScrollTop(element.scrollTop);
      onWindow(Math.max(0, page.found - OVERSCAN));
    }
  }, [selected, page.found, onWindow]);
  const onKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const next = page.rows[Math.min(page.rows.length - 1, Math.max(0, selectedIndex + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      onSelect(next.eventId);
      const top = next.position * ROW_HEIGHT;
      const element = scroller.current;
      if (element && (top < element.scrollTop || top + ROW_HEIGHT > element.scrollTop + height)) element.scrollTop = top - height / 2;
    }
  };
  return (
    <div className="te-changes-table" role="grid" aria-label="CloudTrail events" aria-rowcount={page.total + 1} tabIndex={0} onKeyDown={onKey}>
      <div role="row" className="te-changes-row te-changes-row--head" aria-rowindex={1}>
        {['Time (UTC)', 'Event', 'Source', 'Resource', 'Joined node', 'Who', 'Lane'].map((name) => (
          <div key={name} role="columnheader">
            {name}
          </div>
        ))}
      </div>
      <div
        ref={scroller}
        className="te-changes-scroll"
        style={{ height }}
        onScroll={(event) => {
          const top = event.currentTarget.scrollTop;
          setScrollTop(top);
          onWindow(Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN));
        }}
      >
        <div style={{ height: page.total * ROW_HEIGHT, position: 'relative' }}>
          {rows.map((row) => (
            <div
              key={row.eventId}
              role="row"
              aria-rowindex={row.position + 2}
              aria-selected={row.eventId === selected}
              className={`te-changes-row${row.hidden ? ' te-changes-row--off' : ''}`}
              style={{ top: row.position * ROW_HEIGHT }}
              onClick={() => onSelect(row.eventId)}
            >
              <div role="gridcell" title={formatTime(row.at)}>
                {row.at.slice(5, 19).replace('T', ' ')}
              </div>
              <div role="gridcell" title={row.eventName}>
                {row.eventName}
              </div>
              <div role="gridcell">{row.eventSource.replace('.amazonaws.com', '')}</div>
              <div role="gridcell" title={row.resource}>
                {row.resource ?? '–'}
              </div>
              <div role="gridcell" title={row.joined.length > 0 ? `Joined to ${row.joined.join('; ')}` : 'Joins no node of the map'}>
                {row.joined.length === 0 ? '–' : `${row.joined[0]!.replace(/ \[.*$/, '')}${row.joined.length > 1 ? ` +${row.joined.length - 1}` : ''}`}
              </div>
              <div role="gridcell" title={row.user}>
                {row.user ?? '–'}
              </div>
              <div role="gridcell">{row.hidden ? LANE_TEXT[row.hidden] : row.family}</div>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
