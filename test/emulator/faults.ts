/**
 * Injectable faults: each rule picks calls (by service, operation and the how-manieth matching
 * call) and answers them with a fault instead of (or before) the real answer.
 */
export type ServiceName = 'xray' | 'cloudtrail' | 'cloudwatch' | 'sts' | 'sso';

export type FaultKind =
  /** X-Ray 429 ThrottledException, CloudTrail ThrottlingException, CloudWatch Throttling. */
  | 'throttle'
  /** 500 InternalFailure. */
  | 'serverError'
  /** The connection is destroyed without an answer. */
  | 'reset'
  /** 400/403 ExpiredTokenException. */
  | 'expiredToken'
  /** 403 AccessDeniedException naming the action. */
  | 'accessDenied'
  /** The real answer, `delayMs` late; without `delayMs`, held until the caller gives up (closes the connection). */
  | 'slow'
  /** BatchGetTraces answers every requested id as UnprocessedTraceIds. */
  | 'unprocessed'
  /**
   * 403 SignatureDoesNotMatch whose message, like AWS's, spells out the canonical request and the
   * string to sign: the caller's access key id (credential scope) and session token among them.
   */
  | 'signatureMismatch';

export interface FaultRule {
  readonly kind: FaultKind;
  readonly service?: ServiceName;
  readonly operation?: string;
  /** The first matching call (1-based, counted per rule) the fault applies to. Default 1. */
  readonly fromCall?: number;
  /** How many consecutive matching calls get it. Default 1; Infinity until cleared. */
  readonly times?: number;
  readonly delayMs?: number;
  /** Error answers also quote the caller's access key id and session token (as some AWS errors do). */
  readonly echoCredentials?: boolean;
}

export class FaultPlan {
  private readonly rules: { rule: FaultRule; seen: number; applied: number }[] = [];
  private injected = 0;

  add(rule: FaultRule): void {
    this.rules.push({ rule, seen: 0, applied: 0 });
  }

  clear(): void {
    this.rules.length = 0;
  }

  get injectedCount(): number {
    return this.injected;
  }

  /** The fault for this call, if a rule picks it. Every rule that matches counts the call. */
  pick(service: ServiceName, operation: string): FaultRule | undefined {
    let chosen: FaultRule | undefined;
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.service !== undefined && rule.service !== service) continue;
      if (rule.operation !== undefined && rule.operation !== operation) continue;
      entry.seen += 1;
      const from = rule.fromCall ?? 1;
      const times = rule.times ?? 1;
      if (chosen === undefined && entry.seen >= from && entry.applied < times) {
        entry.applied += 1;
        chosen = rule;
      }
    }
    if (chosen !== undefined && chosen.kind !== 'slow') this.injected += 1;
    return chosen;
  }
}

/** The per-key token bucket AWS uses for request rates: `rate` calls per `windowMs`, bursts up to `rate`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly rate: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True when the call may go ahead (and takes a token), false when it is over the rate. */
  take(key: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.rate, at: now };
    bucket.tokens = Math.min(this.rate, bucket.tokens + ((now - bucket.at) * this.rate) / this.windowMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
