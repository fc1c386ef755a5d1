/** The Traces view: its public face. */
export { TracesView } from './TracesView.tsx';
export { TRACES_PARAMS, tracesParamsPatch, tracesStateFromParams, queryOf, type TracesViewState } from './traces-route.ts';
