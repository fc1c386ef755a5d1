/** The Changes view: every CloudTrail event of the incident, filtered, with its diff and record. */
export { ChangesView } from './ChangesView.tsx';
