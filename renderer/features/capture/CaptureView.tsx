import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { GrantedFile } from '../../../shared/contract/host/index.ts';
import { ErrorNotice, StatusNotice } from '../../components/Notice.tsx';
import { useServices } from '../../core/services.ts';
import { useAppState } from '../../core/store.ts';
import { initialForm, toRequest, type CaptureFormState } from './capture-form.ts';
import { captureSessionFor } from './capture-session.ts';
import { CaptureForm } from './CaptureForm.tsx';
import { CaptureRunPanel } from './CaptureRunPanel.tsx';
import type { SignInState } from './ProfileChooser.tsx';
import { useCaptureSetup, useEstimate } from './use-capture-host.ts';
import './capture.css';

/** How often a preset window ("last 1 h") is moved on to the current minute. */
const PRESET_TICK_MS = 60_000;

/** The view a finished capture opens in. */
const OPEN_VIEW = 'timeline';

/**
 * Capture from AWS: the dialog's choices with the estimate, then the capture's progress, its
 * cancel and resume, and the snapshot opened when done. The host does the AWS side; this page
 * sees profile names, states and results only.
 */
export function CaptureView() {
  const { host, actions } = useServices();
  const canCapture = useAppState((state) => state.appInfo?.canCapture);
  const open = useCallback((file: GrantedFile) => void actions.openSource({ kind: 'files', handles: [file.handle] }, OPEN_VIEW, file.name), [actions]);
  const session = useMemo(() => captureSessionFor(host, open), [host, open]);
  const run = useSyncExternalStore(session.subscribe, session.get);
  const { setup, reload, replaceProfile } = useCaptureSetup(host);
  const [form, setForm] = useState<CaptureFormState | undefined>(undefined);
  const [now, setNow] = useState(() => Date.now());
  const [signIn, setSignIn] = useState<SignInState | undefined>(undefined);

  const current = form ?? (setup.phase === 'ready' ? initialForm(setup.value, now) : undefined);
  const checked = current === undefined ? undefined : toRequest(current, now);
  const editing = run.phase === 'idle' || run.phase === 'refused' || run.phase === 'starting';
  const estimate = useEstimate(host, editing && checked !== undefined && 'request' in checked ? checked.request : undefined);

  // "The last hour" moves on with the clock while the form is open (the estimate follows).
  const preset = current?.preset;
  useEffect(() => {
    if (!editing || preset === undefined || preset === 'custom') return;
    const timer = setInterval(() => setNow(Date.now()), PRESET_TICK_MS);
    return () => clearInterval(timer);
  }, [editing, preset]);

  const change = (next: CaptureFormState): void => {
    setForm(next);
    // A preset means "up to now": its window moves on with the clock as the choices change.
    setNow(Date.now());
  };
  // A device sign-in ends in the browser: the host says how, for the profile it was for.
  useEffect(
    () =>
      host.onDidSignIn((event) => {
        setSignIn((now) => (now?.profile !== event.profile ? now : event.outcome === 'failed' && event.error ? { profile: event.profile, phase: 'failed', error: event.error } : undefined));
        if (event.signedIn) replaceProfile(event.signedIn);
      }),
    [host, replaceProfile],
  );
  const onSignIn = (profile: string): void => {
    setSignIn({ profile, phase: 'signingIn' });
    void host.signIn({ profile }).then((answer) => {
      if (!answer.ok) return setSignIn({ profile, phase: 'failed', error: answer.error });
      if ('pending' in answer.value) return setSignIn({ profile, phase: 'pending', pending: answer.value.pending });
      replaceProfile(answer.value.profile);
      setSignIn(undefined);
    });
  };

  return (
    <div className="capture">
      <h1 className="capture__title">Capture from AWS</h1>
      <p className="capture__lead">
        Fetches X-Ray traces, CloudTrail events and API Gateway metrics into a new incident snapshot, paced below each API's rate. Your credentials stay with the host: this page sees profile names only.
      </p>
      {canCapture === false ? (
        <ErrorNotice title="Capturing is not available here" message="This host cannot capture from AWS.">
          <p className="notice__hint">
            Run <code>trace-explorer capture</code> in a terminal, then open the snapshot it writes.
          </p>
        </ErrorNotice>
      ) : run.phase === 'running' || run.phase === 'finished' ? (
        <CaptureRunPanel
          run={run}
          onCancel={() => void session.cancel()}
          onResume={() => void session.start(run.request)}
          onOpen={() => open(run.file)}
          onNew={() => {
            session.reset();
            setNow(Date.now());
          }}
        />
      ) : setup.phase === 'loading' ? (
        <StatusNotice busy>Reading the AWS configuration…</StatusNotice>
      ) : setup.phase === 'failed' ? (
        <ErrorNotice title="Could not read the AWS configuration" message={setup.error.message}>
          <p className="notice__hint">
            <button type="button" className="button" onClick={reload}>
              Try again
            </button>
          </p>
        </ErrorNotice>
      ) : current !== undefined && checked !== undefined ? (
        <>
          {run.phase === 'refused' ? <ErrorNotice title="The capture did not start" message={run.error.message} /> : null}
          <CaptureForm
            setup={setup.value}
            form={current}
            onChange={change}
            checked={checked}
            estimate={estimate}
            signIn={signIn}
            onSignIn={onSignIn}
            onRefresh={reload}
            onStart={(request) => void session.start(request)}
            starting={run.phase === 'starting'}
          />
        </>
      ) : null}
    </div>
  );
}
