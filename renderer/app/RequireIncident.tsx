import type { ReactNode } from 'react';
import { ErrorNotice } from '../components/Notice.tsx';
import { OpenProgress } from '../components/OpenProgress.tsx';
import { formatRoute } from '../core/route.ts';
import { useServices } from '../core/services.ts';
import { useAppState } from '../core/store.ts';

/** Shows its children once an incident is open; until then, what is happening and a way to Start. */
export function RequireIncident({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  const incident = useAppState((state) => state.incident);
  const { actions } = useServices();
  if (incident.phase === 'ready') return <>{children}</>;
  return (
    <div className="view">
      <h1>{title}</h1>
      {incident.phase === 'loading' ? (
        <OpenProgress label={incident.label} progress={incident.progress} onCancel={actions.cancelOpen} />
      ) : incident.phase === 'failed' ? (
        <ErrorNotice title={`Could not open ${incident.label}`} message={incident.error.message} where={incident.error.where} />
      ) : (
        <p>
          No incident is open. <a href={formatRoute('start')}>Open a file or the demo incident</a>.
        </p>
      )}
    </div>
  );
}
