/** The Capture view: the capture dialog (profiles, Region, window, what to fetch, the estimate), its progress, cancel and resume. */
export { CaptureView } from './CaptureView.tsx';
