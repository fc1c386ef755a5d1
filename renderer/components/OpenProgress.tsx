import { useEscapeKey } from './use-dom.ts';
import { formatBytes, formatCount, formatPercent } from '../../shared/base/format.ts';
import type { OpenProgressData } from '../../shared/contract/worker/analysis-protocol.ts';
import './open-progress.css';

export interface OpenProgressProps {
  readonly label: string;
  readonly progress: OpenProgressData | undefined;
  /** Stops the open; Esc does the same while this is shown. */
  readonly onCancel: () => void;
}

/** What the progress says in words: bytes read (of the size, when known) and records, or the step after reading. */
export function describeProgress(progress: OpenProgressData | undefined): { readonly line: string; readonly share: number | undefined } {
  if (progress === undefined) return { line: 'Starting…', share: undefined };
  const file = progress.files > 1 ? ` (file ${progress.file + 1} of ${progress.files})` : '';
  // Reading is done: the bar stays full (an indeterminate bar is an animation the page redraws).
  if (progress.phase === 'assembling') return { line: `Assembling the traces of ${formatCount(progress.records)} records…`, share: 1 };
  if (progress.phase === 'summarizing') return { line: 'Building the service map…', share: 1 };
  const records = progress.records > 0 ? ` · ${formatCount(progress.records)} records` : '';
  if (progress.fileSize !== undefined && progress.fileSize > 0) {
    const share = Math.min(1, progress.fileBytes / progress.fileSize);
    return { line: `Reading ${progress.name}${file}: ${formatBytes(progress.fileBytes)} of ${formatBytes(progress.fileSize)} (${formatPercent(share)})${records}`, share };
  }
  return { line: `Reading ${progress.name}${file}: ${formatBytes(progress.fileBytes)}${records}`, share: undefined };
}

/**
 * An open in progress: what is being read, how far (a bar when the size is known), and Cancel.
 * A live region, so screen readers hear the changes politely. The spinner turns only while the
 * bar cannot move (size unknown) or reading is done: an endless animation costs the machine
 * frames the whole time (in the 1,020,000-span open, the page's compositor threads used ~2 s of
 * CPU while the worker, which the open waits for, shared the same cores).
 */
export function OpenProgress({ label, progress, onCancel }: OpenProgressProps) {
  useEscapeKey(true, onCancel);
  const { line, share } = describeProgress(progress);
  return (
    <div className="notice notice--status open-progress" role="status" aria-busy="true">
      <span className={share === undefined || progress?.phase !== 'reading' ? 'spinner' : 'spinner open-progress__still'} aria-hidden="true" />
      <div className="open-progress__body">
        <p className="open-progress__title">
          Opening <strong>{label}</strong>…
        </p>
        <progress className="open-progress__bar" aria-label={`Opening ${label}`} {...(share !== undefined ? { value: share, max: 1 } : {})} />
        <p className="open-progress__line">{line}</p>
      </div>
      <button type="button" className="button open-progress__cancel" aria-keyshortcuts="Escape" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
