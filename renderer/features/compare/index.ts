/** The Compare view: two ranges of an incident (before and after a change), or two traces. */
export { CompareView } from './CompareView.tsx';
export { COMPARE_PARAMS, compareStateFromParams, type CompareMode, type CompareViewState } from './compare-route.ts';
