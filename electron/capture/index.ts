/** Capture from AWS into an incident snapshot: the public face of electron/capture/. */
export { runCapture, type CaptureHooks, type CaptureOptions, type CaptureSummary } from './run-capture.ts';
export { createCaptureService, type CaptureServiceOptions, type RunningCaptureService } from './capture-service.ts';
export { fromAppRequest } from './capture-request.ts';
export { parseTime, parseTraceSelection, checkRegion, type CaptureRequest, type TraceSelection, type CloudTrailMode } from './capture-options.ts';
export type { CaptureProgress, CapturePhase } from './progress.ts';
export { configuredRegion, type AwsAccessOptions, type Credentials, type CredentialSource } from './aws-session.ts';
export { redactSecrets } from './redact.ts';
