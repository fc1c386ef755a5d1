import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { hostApiFromTransport } from '../shared/contract/host/index.ts';
import { startAnalysisWorker } from './core/analysis-client.ts';
import { App } from './app/App.tsx';
import { httpFileInputs, httpTransport, tokenFromLocation } from './core/http-transport.ts';
import { createIncidentActions } from './core/incident-actions.ts';
import { currentRoute, navigate, paramsToShow, routeSource } from './core/route.ts';
import { ServicesContext, type Services } from './core/services.ts';
import { createStore, initialAppState, StoreContext } from './core/store.ts';

// The Electron preload provides the host; in a browser the local web host does, over HTTP. Both
// stream the files to open to the worker from `/api/files/<handle>` of the page's origin (the web
// host's, with the token; the desktop app's own scheme), which reads them as they arrive.
const token = window.traceExplorer ? '' : (tokenFromLocation(window.location) ?? '');
const host = window.traceExplorer ?? hostApiFromTransport(httpTransport(token));
const fileInputs = httpFileInputs(token);
const analysis = startAnalysisWorker();
const store = createStore(initialAppState);
const actions = createIncidentActions({
  host,
  analysis,
  store,
  // A URL that already shows the view (a launch or reload) is replaced; a click adds a history entry.
  show: (view, source) => navigate(view, paramsToShow(currentRoute(), view, source), { replace: view === 'start' || currentRoute().view === view, keepSource: false }),
  currentView: () => currentRoute().view,
  fileInputs,
});
const services: Services = { host, analysis, actions };

// What the launch URL names starts opening now, while the page renders (the App's effect then
// finds it opening and leaves it).
const launch = routeSource(currentRoute());
if (launch) void actions.openSource(launch, currentRoute().view);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <ServicesContext.Provider value={services}>
        <App />
      </ServicesContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);
