import { useEffect, useState } from 'react';
import type { RecentEntry } from '../../../shared/contract/host/index.ts';
import { formatBytes, formatTime } from '../../../shared/base/format.ts';
import { useServices } from '../../core/services.ts';

/** Where a recent entry's files are, for people (the page sends back only their handles). */
function placeOf(entry: RecentEntry): string {
  const folders = [...new Set(entry.files.map((file) => file.folder).filter((folder) => folder !== undefined))];
  return folders.length > 1 ? `${folders[0]} and ${folders.length - 1} more folder${folders.length > 2 ? 's' : ''}` : (folders[0] ?? '');
}

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
          Nothing yet. Files the host opens for you (such as <code>trace-explorer serve FILE</code>, or a capture) are listed here; files you drop or pick stay in this page.
        </p> : null}
      {entries && entries.length > 0 ? (
        <ul className="recent-list" aria-label="Recent files">
          {entries.map((entry) => (
            <li key={entry.files.map((file) => file.handle).join(' ')}>
              <button type="button" className="recent-list__open" disabled={disabled} onClick={() => void actions.openRecent(entry)} aria-label={`Open ${entry.label}`}>
                <span className="recent-list__label">{entry.label}</span>
                <span className="recent-list__meta">
                  {formatBytes(entry.bytes)} · opened {formatTime(entry.openedAt)}
                </span>
                <span className="recent-list__path" title={entry.files.map((file) => (file.folder ? `${file.name} in ${file.folder}` : file.name)).join('\n')}>
                  {placeOf(entry)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
