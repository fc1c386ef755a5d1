import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/base/errors.ts';
import type { CaptureEstimate, CaptureProfile, CaptureRequest, CaptureSetup, HostApi } from '../../../shared/contract/host/index.ts';

export type Loaded<T> = { readonly phase: 'loading' } | { readonly phase: 'ready'; readonly value: T } | { readonly phase: 'failed'; readonly error: AppErrorData };

/** The profiles and default Region from the host; `reload` asks again (after `aws sso login` in a terminal). */
export function useCaptureSetup(host: HostApi): { readonly setup: Loaded<CaptureSetup>; reload(): void; replaceProfile(profile: CaptureProfile): void } {
  const [setup, setSetup] = useState<Loaded<CaptureSetup>>({ phase: 'loading' });
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let live = true;
    void host.getCaptureSetup().then((answer) => {
      if (live) setSetup(answer.ok ? { phase: 'ready', value: answer.value } : { phase: 'failed', error: answer.error });
    });
    return () => {
      live = false;
    };
  }, [host, asked]);
  const reload = useCallback(() => setAsked((n) => n + 1), []);
  const replaceProfile = useCallback((profile: CaptureProfile) => {
    setSetup((now) => (now.phase === 'ready' ? { phase: 'ready', value: { ...now.value, profiles: now.value.profiles.map((p) => (p.name === profile.name ? profile : p)) } } : now));
  }, []);
  return { setup, reload, replaceProfile };
}

/** How long the form must stay still before its estimate is asked for (typing a filter expression). */
export const ESTIMATE_DELAY_MS = 250;

/** The estimate of the request the form asks for, asked again when it changes; stale answers are dropped. */
export function useEstimate(host: HostApi, request: CaptureRequest | undefined, refreshKey = 0): Loaded<CaptureEstimate> | undefined {
  const [estimate, setEstimate] = useState<Loaded<CaptureEstimate> | undefined>(undefined);
  const asked = useRef(0);
  const key = request === undefined ? '' : JSON.stringify(request);
  useEffect(() => {
    if (request === undefined) return setEstimate(undefined);
    const ticket = ++asked.current;
    setEstimate({ phase: 'loading' });
    const timer = setTimeout(() => {
      void host.estimateCapture(request).then((answer) => {
        if (ticket === asked.current) setEstimate(answer.ok ? { phase: 'ready', value: answer.value } : { phase: 'failed', error: answer.error });
      });
    }, ESTIMATE_DELAY_MS);
    return () => clearTimeout(timer);
    // The request is compared by its JSON: a new object with the same choices asks nothing.
  }, [host, key, refreshKey]);
  return estimate;
}
