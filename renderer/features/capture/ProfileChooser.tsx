import { formatTime } from '../../../shared/base/format.ts';
import type { AppErrorData } from '../../../shared/base/errors.ts';
import type { CaptureProfile, PendingSignIn } from '../../../shared/contract/host/index.ts';
import { needsSignIn } from './capture-form.ts';

export interface SignInState {
  readonly profile: string;
  /** `pending`: waiting for the person to approve the code in the browser. */
  readonly phase: 'signingIn' | 'pending' | 'failed';
  readonly pending?: PendingSignIn;
  readonly error?: AppErrorData;
}

/** The device sign-in to finish in a browser: the link (https, opened by the system browser), the code to check, its expiry. */
function PendingBox({ pending }: { readonly pending: PendingSignIn }) {
  return (
    <div className="capture-signin__pending" role="status">
      <p>
        <a className="button button--primary" href={pending.verificationUri} target="_blank" rel="noreferrer noopener">
          Open the AWS sign-in page
        </a>
      </p>
      <p>
        Check that it shows the code <strong className="capture-signin__code">{pending.userCode}</strong>, and approve. This page carries on when you have (the code is valid until{' '}
        {formatTime(pending.expiresAt)}).
      </p>
    </div>
  );
}

function ssoLabel(profile: CaptureProfile): string | undefined {
  const sso = profile.sso;
  if (sso === undefined) return undefined;
  if (sso.state === 'valid') return 'SSO, signed in';
  return sso.state === 'missing' ? 'SSO, not signed in' : 'SSO, sign-in expired';
}

export interface ProfileChooserProps {
  readonly profiles: readonly CaptureProfile[];
  readonly defaultProfile: string | undefined;
  readonly value: string;
  readonly onChange: (profile: string) => void;
  readonly signIn: SignInState | undefined;
  readonly onSignIn: (profile: string) => void;
  readonly onRefresh: () => void;
  readonly disabled: boolean;
}

/** The profiles of the AWS config files as radio buttons (arrow keys move), SSO ones marked, with Sign in where needed. */
export function ProfileChooser({ profiles, defaultProfile, value, onChange, signIn, onSignIn, onRefresh, disabled }: ProfileChooserProps) {
  const chosen = profiles.find((p) => p.name === value);
  const mine = signIn?.profile === value ? signIn : undefined;
  return (
    <fieldset className="capture-field capture-profiles" disabled={disabled}>
      <legend>AWS profile</legend>
      <div className="capture-profiles__list">
        <label className="capture-profile">
          <input type="radio" name="capture-profile" value="" checked={value === ''} onChange={() => onChange('')} />
          <span className="capture-profile__name">Default credentials</span>
          <span className="capture-profile__note muted small">environment, {defaultProfile ? `profile ${defaultProfile}` : 'no default profile'}, instance role</span>
        </label>
        {profiles.map((profile) => {
          const sso = ssoLabel(profile);
          return (
            <label key={profile.name} className="capture-profile">
              <input type="radio" name="capture-profile" value={profile.name} checked={value === profile.name} onChange={() => onChange(profile.name)} />
              <span className="capture-profile__name">{profile.name}</span>
              {profile.region ? <span className="capture-profile__note muted small">{profile.region}</span> : null}
              {sso ? (
                <span className={needsSignIn(profile) ? 'badge badge--warn' : 'badge'} title={profile.sso?.expiresAt ? `Token ${profile.sso.state === 'valid' ? 'valid until' : 'expired'} ${formatTime(profile.sso.expiresAt)}` : undefined}>
                  {sso}
                </span>
              ) : null}
            </label>
          );
        })}
      </div>
      {profiles.length === 0 ? <p className="muted small">No profiles in the AWS config files: the capture uses the default credentials (environment variables, or the instance's role).</p> : null}
      {chosen !== undefined && needsSignIn(chosen) ? (
        <div className="capture-signin">
          <p>
            {chosen.name} signs in through IAM Identity Center, and {chosen.sso?.state === 'missing' ? 'has no sign-in on this machine' : 'its sign-in has expired'}.
          </p>
          <p className="capture-signin__actions">
            <button type="button" className={mine?.phase === 'pending' ? 'button' : 'button button--primary'} disabled={mine?.phase === 'signingIn'} onClick={() => onSignIn(chosen.name)}>
              {mine?.phase === 'signingIn' ? 'Signing in…' : mine?.phase === 'pending' ? 'Waiting for the browser…' : `Sign in to ${chosen.name}`}
            </button>
            <button type="button" className="button" onClick={onRefresh}>
              Refresh
            </button>
          </p>
          {mine?.phase === 'pending' && mine.pending ? <PendingBox pending={mine.pending} /> : null}
          {mine?.phase === 'failed' && mine.error ? (
            <p className="capture-signin__error" role="alert">
              {mine.error.message}
            </p>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
