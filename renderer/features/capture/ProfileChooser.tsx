import { formatTime } from '../../../shared/base/format.ts';
import type { AppErrorData } from '../../../shared/base/errors.ts';
import type { CaptureProfile } from '../../../shared/contract/host/index.ts';
import { needsSignIn } from './capture-form.ts';

export interface SignInState {
  readonly profile: string;
  readonly phase: 'signingIn' | 'failed';
  readonly error?: AppErrorData;
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
            <button type="button" className="button button--primary" disabled={signIn?.phase === 'signingIn'} onClick={() => onSignIn(chosen.name)}>
              {signIn?.phase === 'signingIn' && signIn.profile === chosen.name ? 'Signing in…' : `Sign in to ${chosen.name}`}
            </button>
            <button type="button" className="button" onClick={onRefresh}>
              Refresh
            </button>
          </p>
          {signIn?.phase === 'failed' && signIn.profile === chosen.name && signIn.error ? (
            <p className="capture-signin__error" role="alert">
              {signIn.error.message}
            </p>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
