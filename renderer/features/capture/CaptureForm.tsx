import { useId, type ReactNode } from 'react';
import type { CaptureEstimate, CaptureRequest, CaptureSetup } from '../../../shared/contract/host/index.ts';
import { needsSignIn, regionFor, type CaptureFormState, type CloudTrailChoice, type TraceChoice, type WindowPreset } from './capture-form.ts';
import { CaptureEstimateLine } from './CaptureEstimateLine.tsx';
import { ProfileChooser, type SignInState } from './ProfileChooser.tsx';
import type { Loaded } from './use-capture-host.ts';

/** Regions offered while typing (any other name can be typed; the host checks its shape). */
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'sa-east-1'];

const PRESETS: readonly [WindowPreset, string][] = [
  ['1h', 'Last 1 h'],
  ['3h', 'Last 3 h'],
  ['24h', 'Last 24 h'],
  ['custom', 'Custom (UTC)'],
];
const TRACES: readonly [TraceChoice, string][] = [
  ['all', 'All'],
  ['slowest', 'Slowest'],
  ['faults', 'With faults (most recent)'],
];
const CLOUDTRAIL: readonly [CloudTrailChoice, string][] = [
  ['changes', 'Changes (write events)'],
  ['all', 'All events'],
  ['none', 'None'],
];

function Choices<T extends string>({ legend, name, options, value, onChange, children }: { readonly legend: string; readonly name: string; readonly options: readonly [T, string][]; readonly value: T; readonly onChange: (value: T) => void; readonly children?: ReactNode }) {
  return (
    <fieldset className="capture-field">
      <legend>{legend}</legend>
      <div className="capture-choices">
        {options.map(([option, label]) => (
          <label key={option} className="capture-choice">
            <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
            {label}
          </label>
        ))}
      </div>
      {children}
    </fieldset>
  );
}

export interface CaptureFormProps {
  readonly setup: CaptureSetup;
  readonly form: CaptureFormState;
  readonly onChange: (form: CaptureFormState) => void;
  /** The request the form asks for, or what to correct. */
  readonly checked: { readonly request: CaptureRequest } | { readonly error: { readonly message: string } };
  readonly estimate: Loaded<CaptureEstimate> | undefined;
  readonly signIn: SignInState | undefined;
  readonly onSignIn: (profile: string) => void;
  readonly onRefresh: () => void;
  readonly onStart: (request: CaptureRequest) => void;
  readonly starting: boolean;
}

/** The capture's choices, mapped onto captureRequest (capture-form.ts), with the estimate and Start. */
export function CaptureForm({ setup, form, onChange, checked, estimate, signIn, onSignIn, onRefresh, onStart, starting }: CaptureFormProps) {
  const id = useId();
  const set = (patch: Partial<CaptureFormState>): void => onChange({ ...form, ...patch });
  const profile = setup.profiles.find((p) => p.name === form.profile);
  const blocked = needsSignIn(profile);
  const request = 'request' in checked ? checked.request : undefined;
  const resumes = estimate?.phase === 'ready' && estimate.value.resumes !== undefined;
  return (
    <form
      className="capture-form"
      aria-label="Capture from AWS"
      onSubmit={(event) => {
        event.preventDefault();
        if (request !== undefined && !blocked) onStart(request);
      }}
    >
      <ProfileChooser
        profiles={setup.profiles}
        defaultProfile={setup.defaultProfile}
        value={form.profile}
        onChange={(name) => set({ profile: name, region: regionFor(setup, name) })}
        signIn={signIn}
        onSignIn={onSignIn}
        onRefresh={onRefresh}
        disabled={starting}
      />
      <div className="capture-form__grid">
        <div className="capture-field">
          <label htmlFor={`${id}-region`}>Region</label>
          <input id={`${id}-region`} className="capture-input" list={`${id}-regions`} value={form.region} spellCheck={false} onChange={(event) => set({ region: event.target.value })} />
          <datalist id={`${id}-regions`}>
            {REGIONS.map((region) => (
              <option key={region} value={region} />
            ))}
          </datalist>
        </div>
        <Choices legend="Time window" name={`${id}-preset`} options={PRESETS} value={form.preset} onChange={(preset) => set({ preset })}>
          {form.preset === 'custom' ? (
            <div className="capture-window">
              <label>
                From <input type="datetime-local" className="capture-input" value={form.from} onChange={(event) => set({ from: event.target.value })} />
              </label>
              <label>
                To <input type="datetime-local" className="capture-input" value={form.to} onChange={(event) => set({ to: event.target.value })} />
              </label>
              <span className="muted small">Both in UTC, to the minute.</span>
            </div>
          ) : null}
        </Choices>
        <div className="capture-field">
          <label htmlFor={`${id}-group`}>X-Ray group</label>
          <input id={`${id}-group`} className="capture-input" placeholder="Default" value={form.group} spellCheck={false} onChange={(event) => set({ group: event.target.value })} />
          <label htmlFor={`${id}-filter`}>Filter expression</label>
          <input id={`${id}-filter`} className="capture-input capture-input--code" placeholder='service("orders") AND fault' value={form.filterExpression} spellCheck={false} onChange={(event) => set({ filterExpression: event.target.value })} />
        </div>
        <Choices legend="Traces" name={`${id}-traces`} options={TRACES} value={form.traces} onChange={(traces) => set({ traces })}>
          {form.traces !== 'all' ? (
            <label className="capture-count">
              How many <input type="number" min={1} max={1000000} className="capture-input capture-input--short" value={form.traceCount} onChange={(event) => set({ traceCount: event.target.value })} />
            </label>
          ) : null}
        </Choices>
        <Choices legend="CloudTrail" name={`${id}-cloudtrail`} options={CLOUDTRAIL} value={form.cloudTrail} onChange={(cloudTrail) => set({ cloudTrail })} />
        <fieldset className="capture-field">
          <legend>API Gateway metrics</legend>
          <label className="capture-choice">
            <input type="checkbox" checked={form.metrics} onChange={(event) => set({ metrics: event.target.checked })} /> Fetch the traced APIs' metrics
          </label>
          <label className="capture-choice">
            <input type="checkbox" checked={form.detailedMetrics} disabled={!form.metrics} onChange={(event) => set({ detailedMetrics: event.target.checked })} /> Per method too (detailed metrics)
          </label>
        </fieldset>
      </div>
      {'error' in checked ? (
        <p className="capture-estimate capture-estimate--error" role="status">
          {checked.error.message}
        </p>
      ) : (
        <CaptureEstimateLine estimate={estimate} cloudTrail={form.cloudTrail !== 'none'} />
      )}
      <p className="capture-form__actions">
        <button type="submit" className="button button--primary" disabled={request === undefined || blocked || starting}>
          {starting ? 'Starting…' : resumes ? 'Resume capture' : 'Start capture'}
        </button>
        {blocked ? <span className="muted small">Sign in to {form.profile} first.</span> : null}
      </p>
    </form>
  );
}
