/**
 * The one "open" path, for the CLI and the analysis worker alike: input files (any supported
 * format, snapshots included) → snapshot content → dataset, with what went wrong on the way
 * (openInputs), and the counts and names that describe an incident (summarizeIncident).
 */
export { openInputs, type InputFile, type OpenedIncident, type OpenOptions, type OpenProgress, type TallyOptions } from './open-inputs.ts';
export { countTraces, summarizeIncident, type IncidentSummary } from './incident-summary.ts';
