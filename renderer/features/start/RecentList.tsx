import { useEffect, useState } from 'react';
import type { RecentEntry } from '../../../shared/contract/host/index.ts';
import { formatBytes, formatTime } from '../../../shared/base/format.ts';
import { useServices } from '../../core/services.ts';

/** The recent files the host remembers; reloaded after each open (`refreshKey`). */
export function RecentList({ refreshKey, disabled }: { readonly refreshKey: number; readonly disabled: boolean }) {
  const { host, actions } = useServices();
  const [entries, setEntries] = useState<readonly RecentEntry[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void host.listRecent().then((result) => {
      if (!live) return;
      if (result.ok) {
        setEntries(result.value.entries);
        setError(undefined);
      } else {
        setError(result.error.message);
      }
    });
    return () => {
      live = false;
    };
  }, [host, refreshKey]);
  return (
    <section className="start-card" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent files</h2>
      {error ? <p className="muted">The recent list could not be read: {error}</p> : null}
      {entries === undefined && !error ? <p className="muted">Loading…</p> : null}
      {entries?.length === 0 ? <p className="muted">
          Nothing yet. Files opened by path (such as <code>trace-explorer serve FILE</code>) are listed here.
        </p> : null}
      {entries && entries.length > 0 ? (
        <ul className="recent-list" aria-label="Recent files">
          {entries.map((entry) => (
            <li key={entry.paths.join('\n')}>
              <button type="button" className="recent-list__open" disabled={disabled} onClick={() => void actions.openPaths(entry.paths)} aria-label={`Open ${entry.label}`}>
                <span className="recent-list__label">{entry.label}</span>
                <span className="recent-list__meta">
                  {formatBytes(entry.bytes)} · opened {formatTime(entry.openedAt)}
                </span>
                <span className="recent-list__path" title={entry.paths.join('\n')}>
                  {entry.paths[0]}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
