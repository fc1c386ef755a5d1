import { useEffect, useRef } from 'react';
import { formatCount, formatDuration, formatPercent, formatQuantity } from '../../../shared/base/format.ts';
import type { CaptureProgress } from '../../../shared/contract/host/index.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { useEscapeKey } from '../../components/use-dom.ts';
import type { CaptureRun } from './capture-session.ts';

const PHASE_LABELS: Readonly<Record<CaptureProgress['phase'], string>> = {
  estimating: 'Planning',
  summaries: 'Fetching trace summaries',
  traces: 'Fetching full traces',
  serviceGraph: 'Fetching the service graph and sampling rules',
  events: 'Fetching CloudTrail events',
  metrics: 'Fetching API Gateway metrics',
  writing: 'Writing the snapshot',
  done: 'Done',
  failed: 'Stopped',
  cancelled: 'Cancelled',
};

function Counts({ progress }: { readonly progress: CaptureProgress }) {
  const { counts } = progress;
  return (
    <dl className="capture-counts" aria-label="Fetched so far">
      <div>
        <dt>Traces</dt>
        <dd>{formatCount(counts.traces)}</dd>
      </div>
      <div>
        <dt>Segments</dt>
        <dd>{formatCount(counts.segments)}</dd>
      </div>
      <div>
        <dt>CloudTrail events</dt>
        <dd>{formatCount(counts.events)}</dd>
      </div>
      <div>
        <dt>Metric series</dt>
        <dd>{formatCount(counts.metricResults)}</dd>
      </div>
      <div>
        <dt>Calls</dt>
        <dd>{formatCount(counts.requests)}</dd>
      </div>
      <div className={progress.throttles ? 'capture-counts__throttled' : undefined}>
        <dt>Throttled</dt>
        <dd>{formatCount(progress.throttles ?? 0)}</dd>
      </div>
    </dl>
  );
}

/** What to do after a capture stopped, from its error's kind and words (the host's message says why). */
export function adviceFor(last: CaptureProgress): string {
  const text = `${last.error?.message ?? ''} ${last.message ?? ''}`;
  if (/No AWS credentials/i.test(text)) return 'Choose a profile that has credentials (or sign an SSO profile in), or set credentials up with aws configure, then start again.';
  if (/expired/i.test(text) && /credentials|token|sso|identity center/i.test(text)) return 'Renew the credentials (for an SSO profile: Change the request, then Sign in), then resume: what was fetched is kept.';
  if (last.error?.kind === 'auth') return 'Grant the permission it names (or choose another profile), then resume: what was fetched is kept.';
  if (last.error?.kind === 'throttled' || /throttl/i.test(text)) return 'AWS kept throttling the calls. Wait a minute, then resume: only what is missing is asked again.';
  return 'Resume to fetch what is missing (only that is asked again), or open what was fetched.';
}

export interface CaptureRunPanelProps {
  readonly run: Extract<CaptureRun, { phase: 'running' | 'finished' }>;
  readonly onCancel: () => void;
  readonly onResume: () => void;
  readonly onOpen: () => void;
  readonly onNew: () => void;
}

/** A capture running (bar, counts, throttles, time left, Cancel and Esc) or ended (done, cancelled, failed: resume or open). */
export function CaptureRunPanel({ run, onCancel, onResume, onOpen, onNew }: CaptureRunPanelProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const running = run.phase === 'running';
  useEffect(() => heading.current?.focus(), [run.phase]);
  useEscapeKey(running, onCancel);

  const progress = run.phase === 'running' ? run.progress : run.last;
  // Stopped before any answer (no credentials, no such Region): no snapshot was written.
  const nothing = run.phase === 'finished' && run.last.phase === 'failed' && run.last.done === 0;
  const share = progress?.total ? Math.min(1, progress.done / progress.total) : undefined;
  const title = run.phase === 'running' ? (run.cancelling ? 'Cancelling…' : progress ? PHASE_LABELS[progress.phase] : 'Starting…') : PHASE_LABELS[run.last.phase];
  return (
    <section className={`capture-run capture-run--${run.phase === 'running' ? 'running' : run.last.phase}`} aria-labelledby="capture-run-heading">
      <h2 id="capture-run-heading" ref={heading} tabIndex={-1}>
        {run.phase === 'running' ? `Capturing ${run.file.name}` : nothing ? 'The capture could not start' : `${title}: ${run.file.name}`}
      </h2>
      <div role="status" aria-live="polite" className="capture-run__status">
        {running ? <p className="capture-run__phase">{title}</p> : null}
        {share !== undefined ? (
          <div className="capture-bar" role="progressbar" aria-label="Calls answered" aria-valuemin={0} aria-valuemax={progress?.total} aria-valuenow={progress?.done}>
            <div className="capture-bar__fill" style={{ width: formatPercent(share) }} />
          </div>
        ) : null}
        {progress && !nothing ? (
          <p className="small">
            {formatQuantity(progress.done, 'call')} answered{progress.total ? ` of at least ${formatCount(progress.total)}` : ''}
            {running && progress.etaSeconds !== undefined ? ` · about ${formatDuration(Math.max(1, progress.etaSeconds))} left` : ''}
          </p>
        ) : null}
        {progress && !nothing ? <Counts progress={progress} /> : null}
        {running && progress?.throttles ? (
          <p className="capture-run__throttled">AWS throttled {formatQuantity(progress.throttles, 'call')}: the capture slows down and asks again, so it takes longer.</p>
        ) : null}
      </div>
      {running ? (
        <p className="capture-run__actions">
          <button type="button" className="button" disabled={run.cancelling} onClick={onCancel}>
            Cancel <kbd>Esc</kbd>
          </button>
          <span className="muted small">A cancelled capture keeps what it fetched; start it again to continue.</span>
        </p>
      ) : run.last.phase === 'done' ? (
        <div className="capture-run__end">
          <p>{run.last.message}</p>
          <p className="capture-run__actions">
            <button type="button" className="button button--primary" onClick={onOpen}>
              Open it again
            </button>
            <button type="button" className="button" onClick={onNew}>
              New capture
            </button>
          </p>
        </div>
      ) : nothing ? (
        <div className="capture-run__end">
          <ErrorNotice title="Nothing was fetched" message={run.last.error?.message ?? run.last.message ?? 'It stopped.'}>
            <p className="notice__hint">{adviceFor(run.last)}</p>
          </ErrorNotice>
          <p className="capture-run__actions">
            <button type="button" className="button button--primary" onClick={onNew}>
              Change the request
            </button>
            <button type="button" className="button" onClick={onResume}>
              Try again
            </button>
          </p>
        </div>
      ) : (
        <div className="capture-run__end">
          {run.last.phase === 'failed' ? (
            <ErrorNotice title="The capture stopped" message={run.last.error?.message ?? run.last.message ?? 'It stopped.'}>
              <p className="notice__hint">{adviceFor(run.last)}</p>
            </ErrorNotice>
          ) : (
            <p>{run.last.message}</p>
          )}
          <p className="capture-run__actions">
            <button type="button" className="button button--primary" onClick={onResume}>
              Resume
            </button>
            <button type="button" className="button" onClick={onOpen}>
              Open what was fetched
            </button>
            <button type="button" className="button button--quiet" onClick={onNew}>
              Change the request
            </button>
          </p>
        </div>
      )}
    </section>
  );
}
