import { z } from 'zod';
import { appErrorDataSchema } from './schemas.ts';

/**
 * What the Capture dialog asks the host for, since only the host can know it: the profiles of the
 * AWS config files and the state of their SSO sign-in, the default Region, and the cost of a
 * request before it starts. Names and states only: no key, token or path ever crosses.
 */

const profileNameSchema = z.string().min(1).max(200);
const regionNameSchema = z.string().min(1).max(64);

/**
 * An IAM Identity Center (SSO) profile's sign-in as the token cache has it: `valid` (a cached
 * token not expired), `expired` (one that has expired, or expires within the SDK's 5-minute
 * window), `missing` (none cached). `refreshable`: the cache holds what the SDK's own refresh
 * needs (an sso-session profile with a refresh token), so signing in needs no browser.
 */
export const ssoStateSchema = z.strictObject({
  state: z.enum(['valid', 'expired', 'missing']),
  expiresAt: z.iso.datetime().optional(),
  refreshable: z.boolean(),
});

export const captureProfileSchema = z.strictObject({
  name: profileNameSchema,
  /** The profile's own `region`, when the config file sets one. */
  region: regionNameSchema.optional(),
  /** Present for an SSO profile (sso_start_url, or an sso_session). */
  sso: ssoStateSchema.optional(),
});

export const captureSetupSchema = z.strictObject({
  profiles: z.array(captureProfileSchema).max(500),
  /** The profile a capture without one uses (AWS_PROFILE, else `default` when it exists). */
  defaultProfile: profileNameSchema.optional(),
  /** The Region the SDK resolves without a profile's (AWS_REGION, else the default profile's). */
  defaultRegion: regionNameSchema.optional(),
});

/** Calls of one API in the estimate, and the rate they are paced at. */
export const estimatedApiSchema = z.strictObject({
  api: z.string().min(1).max(100),
  calls: z.number().int().nonnegative(),
  ratePerSecond: z.number().positive(),
});

/**
 * The cost of a request before it starts: at least `calls` calls taking at least `seconds` at the
 * paced rates (the APIs do not say how many pages are coming, so it is a lower bound), plus one
 * BatchGetTraces call per `traceIdsPerCall` traces found and one LookupEvents call per
 * `eventsPerCall` CloudTrail events (the pages' sizes). `resumes`: starting this request
 * continues a stopped capture of the same request, which has already had `answeredCalls`.
 */
export const captureEstimateSchema = z.strictObject({
  calls: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
  perApi: z.array(estimatedApiSchema).max(50),
  traceIdsPerCall: z.number().int().positive(),
  eventsPerCall: z.number().int().positive(),
  resumes: z.strictObject({ fileName: z.string().min(1).max(1024), answeredCalls: z.number().int().nonnegative() }).optional(),
});

export const signInRequestSchema = z.strictObject({ profile: profileNameSchema });

/**
 * A sign-in that waits for the person: IAM Identity Center's device authorization (what
 * `aws sso login` does). The page shows the link (https only: it is handed to the browser) and
 * the code to check there; the host polls for the approval and says how it ended with a
 * `signInProgress` event.
 */
export const pendingSignInSchema = z.strictObject({
  verificationUri: z.url({ protocol: /^https$/ }).max(2000),
  userCode: z.string().min(1).max(100),
  expiresAt: z.iso.datetime(),
});

/** The profile signed in (its SSO state now `valid`, as the SDK's refresh can do at once), or the approval to wait for. */
export const signInAnswerSchema = z.union([z.strictObject({ profile: captureProfileSchema }), z.strictObject({ pending: pendingSignInSchema })]);

/** How a pending sign-in ended (pushed by the host). */
export const signInProgressSchema = z.strictObject({
  profile: profileNameSchema,
  outcome: z.enum(['signedIn', 'failed']),
  /** The profile's new state, when signed in. */
  signedIn: captureProfileSchema.optional(),
  error: appErrorDataSchema.optional(),
});

export type SsoState = z.infer<typeof ssoStateSchema>;
export type CaptureProfile = z.infer<typeof captureProfileSchema>;
export type CaptureSetup = z.infer<typeof captureSetupSchema>;
export type CaptureEstimate = z.infer<typeof captureEstimateSchema>;
export type SignInRequest = z.infer<typeof signInRequestSchema>;
export type PendingSignIn = z.infer<typeof pendingSignInSchema>;
export type SignInAnswer = z.infer<typeof signInAnswerSchema>;
export type SignInProgress = z.infer<typeof signInProgressSchema>;
