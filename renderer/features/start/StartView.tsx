import { useEffect, useState } from 'react';
import { FileDropZone } from '../../components/FileDropZone.tsx';
import { IncidentCounts } from '../../components/IncidentCounts.tsx';
import { ErrorNotice, StatusNotice } from '../../components/Notice.tsx';
import { OpenProgress } from '../../components/OpenProgress.tsx';
import { formatQuantity } from '../../../shared/base/format.ts';
import { navigate } from '../../core/route.ts';
import { useServices } from '../../core/services.ts';
import { useAppState } from '../../core/store.ts';
import { RecentList } from './RecentList.tsx';
import './start.css';

function SupportedFormats() {
  return (
    <p className="muted small">
      Incident snapshots (<code>.json.gz</code>); X-Ray BatchGetTraces or <code>aws xray batch-get-traces</code> output, segment documents (one, an array, JSON lines,
      daemon datagrams), GetTraceSummaries, GetServiceGraph, GetSamplingRules; CloudTrail LookupEvents or <code>aws cloudtrail lookup-events</code> output, S3 log files (also{' '}
      <code>.json.gz</code>), records and EventBridge envelopes.
    </p>
  );
}

/** Start: open files (picker or drop, several at once), the demo incident, or a recent file. */
export function StartView() {
  const { actions } = useServices();
  const incident = useAppState((state) => state.incident);
  const demoAvailable = useAppState((state) => state.appInfo?.demoAvailable);
  const generation = useAppState((state) => state.generation);
  const loading = incident.phase === 'loading';
  const [recentKey, setRecentKey] = useState(0);
  useEffect(() => {
    if (incident.phase === 'ready' || incident.phase === 'failed') setRecentKey((key) => key + 1);
  }, [incident.phase, generation]);

  return (
    <div className="start">
      <h1 className="start__title">Open an incident</h1>
      <p className="start__lead">Everything stays on this machine: files are read and analysed in your browser, in the background.</p>

      {incident.phase === 'loading' ? <OpenProgress label={incident.label} progress={incident.progress} onCancel={actions.cancelOpen} /> : null}
      {incident.phase === 'failed' && incident.error.kind === 'cancelled' ? <StatusNotice>{incident.error.message}</StatusNotice> : null}
      {incident.phase === 'failed' && incident.error.kind !== 'cancelled' ? (
        <ErrorNotice title={`Could not open ${incident.label}`} message={incident.error.message} where={incident.error.where}>
          <p className="notice__hint">Open another file, or the demo incident, below.</p>
        </ErrorNotice>
      ) : null}
      {incident.phase === 'ready' ? (
        <section className="start-card start-card--open" aria-labelledby="open-heading">
          <h2 id="open-heading">Open now: {incident.label}</h2>
          <IncidentCounts overview={incident.overview} />
          <p className="start-card__actions">
            <button type="button" className="button button--primary" onClick={() => navigate('map')}>
              Show the service map
            </button>
            <button type="button" className="button" onClick={() => navigate('traces')}>
              Show {formatQuantity(incident.overview.summary.traces, 'trace')}
            </button>
          </p>
        </section>
      ) : null}

      <div className="start__grid">
        <FileDropZone onFiles={(files) => void actions.openFiles(files)} disabled={loading} buttonLabel="Open files…" regionLabel="Drop files to open">
          <h2>Open files</h2>
          <p>Drop files here, or choose them. Several files are merged into one incident.</p>
          <SupportedFormats />
        </FileDropZone>

        <section className="start-card" aria-labelledby="demo-heading">
          <h2 id="demo-heading">Demo incident</h2>
          <p>An API Gateway → Lambda → DynamoDB service with a bad deploy: faults, throttles and the CloudTrail change behind them.</p>
          <button type="button" className="button" disabled={loading || demoAvailable === false} onClick={() => void actions.openDemo()}>
            Open the demo incident
          </button>
          {demoAvailable === false ? <p className="muted small">
              The demo is not installed here (make it with <code>npm run demo</code>).
            </p> : null}
        </section>

        <RecentList refreshKey={recentKey} disabled={loading} />
      </div>
    </div>
  );
}
