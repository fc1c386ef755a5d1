import { useState, type KeyboardEvent, type RefObject } from 'react';

export interface WaterfallToolbarProps {
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly query: string;
  readonly onQueryChange: (query: string) => void;
  readonly matchCount: number;
  /** The matches shown are for an older query; the new ones are being found. */
  readonly searching?: boolean;
  /** 0-based position of the current match, -1 before the first jump. */
  readonly matchCursor: number;
  readonly onMatch: (direction: 1 | -1) => void;
  /** Escape in the search box: back to the tree. */
  readonly onLeaveSearch: () => void;
  readonly onExpandAll: () => void;
  readonly onCollapseAll: () => void;
  readonly maxDepth: number;
  readonly onCollapseToDepth: (depth: number) => void;
}

/** Search within the trace and the collapse controls, all labelled. */
export function WaterfallToolbar(props: WaterfallToolbarProps) {
  const [depthChoice, setDepthChoice] = useState('');
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      props.onMatch(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      props.onLeaveSearch();
    }
  };
  // Depth d keeps d levels below the roots open; maxDepth itself would be "expand all".
  const depths = Array.from({ length: Math.max(0, Math.min(props.maxDepth - 1, 30)) }, (_, k) => k + 1);
  const status =
    props.query.trim() === ''
      ? 'Type to search names, ids, annotation values and URLs'
      : props.searching
        ? 'Searching…'
        : props.matchCount === 0
        ? 'No matching spans'
        : props.matchCursor >= 0
          ? `Match ${props.matchCursor + 1} of ${props.matchCount}`
          : `${props.matchCount} matching span${props.matchCount === 1 ? '' : 's'}`;
  return (
    <div className="te-toolbar">
      <label className="te-search">
        <span>Search spans</span>
        <input ref={props.searchRef} type="search" value={props.query} onChange={(e) => props.onQueryChange(e.target.value)} onKeyDown={onSearchKey} placeholder="/ to search" />
      </label>
      <button type="button" className="te-button" onClick={() => props.onMatch(-1)} disabled={props.matchCount === 0}>
        Previous match
      </button>
      <button type="button" className="te-button" onClick={() => props.onMatch(1)} disabled={props.matchCount === 0}>
        Next match
      </button>
      <span role="status" className="te-search-status">
        {status}
      </span>
      <span className="te-toolbar-gap" />
      <button type="button" className="te-button" onClick={props.onExpandAll}>
        Expand all
      </button>
      <button type="button" className="te-button" onClick={props.onCollapseAll}>
        Collapse all
      </button>
      <label className="te-depth">
        <span>Collapse to depth</span>
        <select
          value={depthChoice}
          disabled={depths.length === 0}
          onChange={(e) => {
            setDepthChoice('');
            if (e.target.value !== '') props.onCollapseToDepth(Number(e.target.value));
          }}
        >
          <option value="">choose…</option>
          {depths.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
