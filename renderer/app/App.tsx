import { useEffect } from 'react';
import { HelpOverlay } from './HelpOverlay.tsx';
import { IncidentBar } from './IncidentBar.tsx';
import { needsOpening } from '../core/incident-actions.ts';
import { RequireIncident } from './RequireIncident.tsx';
import { formatRoute, routeSource, useRoute, VIEWS, withSource } from '../core/route.ts';
import { useServices } from '../core/services.ts';
import { useGlobalKeys } from '../core/shortcuts.ts';
import { useMenuCommands } from './use-menu-commands.ts';
import { useAppState, useAppStore } from '../core/store.ts';
import { VIEW_SPECS } from './views.tsx';
import './theme.css';
import './shell.css';

/** The shell: header with the views, the incident bar, the current view, the `?` overlay. */
export function App() {
  const store = useAppStore();
  const { host, actions } = useServices();
  const route = useRoute();
  const incident = useAppState((state) => state.incident);
  useGlobalKeys();
  useMenuCommands(host, store, window.traceExplorer !== undefined);

  useEffect(() => {
    let live = true;
    void host.getAppInfo().then((result) => {
      if (live && result.ok) store.set((state) => ({ ...state, appInfo: result.value }));
    });
    return () => {
      live = false;
    };
  }, [host, store]);

  // The URL names what is open: open it when it differs (launch URL, reload, a pasted link).
  useEffect(() => {
    const wanted = routeSource(route);
    if (needsOpening(wanted, store.get().incident)) void actions.openSource(wanted, route.view);
  }, [route, actions, store]);

  // Files dropped outside the drop zone must not make the browser navigate away from the app.
  useEffect(() => {
    const stop = (event: DragEvent): void => {
      if ([...(event.dataTransfer?.types ?? [])].includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);

  const spec = VIEW_SPECS[route.view];
  useEffect(() => {
    document.title = incident.phase === 'ready' ? `${spec.title} · ${incident.label} · Trace Explorer` : `${spec.title} · Trace Explorer`;
  }, [spec.title, incident]);

  const View = spec.component;
  const linkParams = withSource(new URLSearchParams(), routeSource(route));
  return (
    <div className="shell">
      <header className="shell__header">
        <a className="shell__brand" href={formatRoute('start', linkParams)}>
          Trace Explorer
        </a>
        <nav aria-label="Views" className="shell__nav">
          {VIEWS.map((view) => (
            <a key={view} href={formatRoute(view, view === 'trace' && route.view === 'trace' ? route.params : linkParams)} aria-current={route.view === view ? 'page' : undefined} className="shell__nav-link">
              {VIEW_SPECS[view].title}
            </a>
          ))}
        </nav>
        <button type="button" className="button button--quiet shell__help" aria-label="Keyboard shortcuts" aria-keyshortcuts="?" onClick={() => store.set((state) => ({ ...state, helpOpen: true }))}>
          ?
        </button>
      </header>
      <IncidentBar />
      <main className="shell__main" id="main">
        {spec.needsIncident ? (
          <RequireIncident title={spec.title}>
            <View />
          </RequireIncident>
        ) : (
          <View />
        )}
      </main>
      <HelpOverlay />
    </div>
  );
}
