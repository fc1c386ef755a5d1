/**
 * An AWS emulator for tests: one node:http server on 127.0.0.1 (random port) that the real SDK v3
 * clients talk to. It speaks X-Ray restJson1, CloudTrail awsJson1_1 and CloudWatch awsJson1_0
 * (query-compatible), STS AssumeRole (awsQuery, for role profiles) and SSO GetRoleCredentials
 * (for IAM Identity Center profiles) with SSO OIDC RegisterClient, StartDeviceAuthorization and
 * CreateToken (a device sign-in, and the SDK's refresh of a cached one), serves one dataset with AWS's paging and limits, counts
 * every call (with its arrival time, signing key and parameters) and answers chosen calls with
 * faults (see faults.ts). Signatures are not checked; the Region and access key
 * are read from the SigV4 Authorization header's credential scope.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudTrailRoute } from './cloudtrail-route.ts';
import { CloudWatchRoute } from './cloudwatch-route.ts';
import type { EmulatorDataset } from './dataset.ts';
import { SsoRoute } from './sso-route.ts';
import { StsRoute, stsErrorXml, type IssuedCredentials } from './sts-route.ts';
import { FaultPlan, type FaultKind, type FaultRule, type ServiceName } from './faults.ts';
import { DEFAULT_LIMITS, type EmulatorLimits } from './limits.ts';
import { ApiError, type RouteRequest } from './route-types.ts';
import { XRayRoutes } from './xray-routes.ts';

export interface EmulatorCall {
  readonly seq: number;
  readonly service: ServiceName;
  readonly operation: string;
  readonly region: string;
  /** The access key id that signed the call (from the credential scope). */
  readonly accessKeyId: string;
  /** When the request arrived: milliseconds of the emulator's clock (`performance.now()` unless one is given). */
  readonly at: number;
  readonly status: number;
  /** The request's parameters (the JSON body; STS's form fields; SSO's query and bearer token). */
  readonly body: Readonly<Record<string, unknown>>;
  /** The fault this call was answered with; `rate` when the emulator's own rate limit throttled it. */
  readonly fault?: FaultKind | 'rate';
  readonly errorCode?: string;
}

export interface AwsEmulator {
  readonly url: string;
  readonly calls: readonly EmulatorCall[];
  /** Credentials handed out by STS AssumeRole and SSO GetRoleCredentials. */
  readonly issued: readonly IssuedCredentials[];
  /** Access tokens SSO OIDC CreateToken handed out (refreshing a cached sign-in, or a device sign-in approved). */
  readonly ssoTokens: readonly string[];
  /** The person approves a device sign-in's code in the browser; false when no pending sign-in has it. */
  approveDevice(userCode: string): boolean;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Calls answered with an injected fault (slow answers excluded: they still answer). */
  faultsInjected(): number;
  /** Resolves once `count` calls have been recorded (at once if they have). */
  callsReached(count: number): Promise<void>;
  /** Resolves once no request is being handled (a held `slow` answer included). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface EmulatorOptions {
  /**
   * The clock of the rate limits and of `EmulatorCall.at`, in milliseconds (default
   * `performance.now`). A test that checks a rate gives its own and moves it by hand.
   */
  readonly now?: () => number;
}

const XRAY_OPERATIONS = new Map([
  ['/TraceSummaries', 'GetTraceSummaries'],
  ['/Traces', 'BatchGetTraces'],
  ['/ServiceGraph', 'GetServiceGraph'],
  ['/TimeSeriesServiceStatistics', 'GetTimeSeriesServiceStatistics'],
  ['/GetSamplingRules', 'GetSamplingRules'],
]);

function credentialScope(req: IncomingMessage): { region: string; accessKeyId: string } {
  const match = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
  return { accessKeyId: match?.[1] ?? 'anonymous', region: match?.[2] ?? 'us-east-1' };
}

function identify(req: IncomingMessage, raw: string): { service: ServiceName; operation: string } | undefined {
  const path = (req.url ?? '/').split('?')[0] as string;
  if (req.method === 'GET' && path === '/federation/credentials') return { service: 'sso', operation: 'GetRoleCredentials' };
  if (req.method === 'POST' && path === '/token') return { service: 'sso', operation: 'CreateToken' };
  if (req.method === 'POST' && path === '/client/register') return { service: 'sso', operation: 'RegisterClient' };
  if (req.method === 'POST' && path === '/device_authorization') return { service: 'sso', operation: 'StartDeviceAuthorization' };
  if (path === '/' && String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    const action = new URLSearchParams(raw).get('Action');
    return action === null ? undefined : { service: 'sts', operation: action };
  }
  const xray = XRAY_OPERATIONS.get(path);
  if (xray !== undefined) return { service: 'xray', operation: xray };
  const target = String(req.headers['x-amz-target'] ?? '');
  const cloudtrail = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/.exec(target);
  if (cloudtrail) return { service: 'cloudtrail', operation: cloudtrail[1] as string };
  const cloudwatch = /^GraniteServiceVersion20100801\.(\w+)$/.exec(target);
  if (cloudwatch) return { service: 'cloudwatch', operation: cloudwatch[1] as string };
  return undefined;
}

const CONTENT_TYPES: Record<ServiceName, string> = {
  xray: 'application/json',
  cloudtrail: 'application/x-amz-json-1.1',
  cloudwatch: 'application/x-amz-json-1.0',
  sts: 'text/xml',
  sso: 'application/json',
};

/** What SigV4 puts in AWS's canonical request that identifies the caller: its key and its session token. */
function credentialQuote(req: IncomingMessage): string {
  const scope = /Credential=([^,\s]+)/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const token = String(req.headers['x-amz-security-token'] ?? '');
  return `Credential=${scope}${token ? `\nx-amz-security-token:${token}` : ''}`;
}

function faultError(kind: FaultKind, service: ServiceName, operation: string, req: IncomingMessage, echo: boolean): ApiError {
  const error = baseFaultError(kind, service, operation, req);
  return echo ? new ApiError(error.code, `${error.message} (request ${credentialQuote(req)})`, error.status) : error;
}

function baseFaultError(kind: FaultKind, service: ServiceName, operation: string, req: IncomingMessage): ApiError {
  switch (kind) {
    case 'signatureMismatch':
      return new ApiError(
        'SignatureDoesNotMatch',
        `The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.\n\nThe Canonical String for this request should have been\n'POST\n/\n\n${credentialQuote(req)}'`,
        403,
      );
    case 'throttle':
      if (service === 'xray') return new ApiError('ThrottledException', 'Rate exceeded', 429);
      if (service === 'cloudwatch') return new ApiError('Throttling', 'Rate exceeded', 400);
      return new ApiError('ThrottlingException', 'Rate exceeded', 400);
    case 'expiredToken':
      return new ApiError('ExpiredTokenException', 'The security token included in the request is expired', service === 'xray' ? 403 : 400);
    case 'accessDenied': {
      const prefix = service === 'cloudwatch' ? 'cloudwatch' : service;
      return new ApiError(
        'AccessDeniedException',
        `User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: ${prefix}:${operation} because no identity-based policy allows the ${prefix}:${operation} action`,
        service === 'cloudwatch' ? 400 : 403,
      );
    }
    default:
      return new ApiError('InternalFailure', 'We encountered an internal error. Please try again.', 500);
  }
}

export async function startAwsEmulator(dataset: EmulatorDataset, limitOverrides: Partial<EmulatorLimits> = {}, options: EmulatorOptions = {}): Promise<AwsEmulator> {
  const limits: EmulatorLimits = { ...DEFAULT_LIMITS, ...limitOverrides };
  const now = options.now ?? (() => performance.now());
  const xray = new XRayRoutes(dataset, limits);
  const cloudtrail = new CloudTrailRoute(dataset, limits, now);
  const cloudwatch = new CloudWatchRoute(dataset, limits);
  const sts = new StsRoute();
  const sso = new SsoRoute(sts.issued);
  const faults = new FaultPlan();
  const calls: EmulatorCall[] = [];
  // Readiness signals: waiters for a number of calls, and for no request in flight.
  const callWaiters: { count: number; wake: () => void }[] = [];
  const idleWaiters: (() => void)[] = [];
  let inFlight = 0;
  const recorded = (): void => {
    for (let i = callWaiters.length - 1; i >= 0; i--) {
      if (calls.length >= callWaiters[i]!.count) callWaiters.splice(i, 1)[0]!.wake();
    }
  };
  const settled = (): void => {
    inFlight -= 1;
    if (inFlight === 0) for (const wake of idleWaiters.splice(0)) wake();
  };

  function send(res: ServerResponse, service: ServiceName, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': CONTENT_TYPES[service],
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': `emu-${calls.length}`,
      ...headers,
    });
    res.end(text);
  }

  function sendError(res: ServerResponse, service: ServiceName, error: ApiError): void {
    if (service === 'sts') {
      const xml = stsErrorXml(error.code, error.message, `emu-${calls.length}`);
      res.writeHead(error.status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml), 'x-amzn-requestid': `emu-${calls.length}` });
      res.end(xml);
    } else if (service === 'xray' || service === 'sso') {
      send(res, service, error.status, { message: error.message }, { 'x-amzn-errortype': error.code });
    } else if (service === 'cloudwatch') {
      send(res, service, error.status, { __type: error.code, message: error.message }, { 'x-amzn-query-error': `${error.code};Sender` });
    } else {
      send(res, service, error.status, { __type: error.code, message: error.message });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string, at: number): Promise<void> {
    const id = identify(req, raw);
    if (id === undefined || (req.method !== 'POST' && id.service !== 'sso')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not an emulated AWS operation');
      return;
    }
    const { service, operation } = id;
    const scope = credentialScope(req);
    const seq = calls.length + 1;
    const record = (status: number, fault?: FaultKind | 'rate', errorCode?: string): void => {
      calls.push({ seq, service, operation, region: scope.region, accessKeyId: scope.accessKeyId, at, status, body, ...(fault ? { fault } : {}), ...(errorCode ? { errorCode } : {}) });
      recorded();
    };
    const fault = faults.pick(service, operation);
    let body: Record<string, unknown>;
    try {
      const parsed: unknown =
        service === 'sso' && operation === 'GetRoleCredentials'
          ? { ...Object.fromEntries(new URL(req.url ?? '/', 'http://emulator').searchParams), bearerToken: String(req.headers['x-amz-sso_bearer_token'] ?? '') }
          : raw === ''
            ? {}
            : service === 'sts'
              ? Object.fromEntries(new URLSearchParams(raw))
              : JSON.parse(raw);
      body = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    const request: RouteRequest = { body, region: scope.region, accessKeyId: scope.accessKeyId, fault };
    if (fault?.kind === 'reset') {
      record(0, 'reset');
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow' && fault.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    else if (fault?.kind === 'slow') await new Promise((resolve) => (res.destroyed ? resolve(undefined) : res.once('close', resolve)));
    const admitted = service === 'cloudtrail' && operation === 'LookupEvents' ? cloudtrail.admit(request) : true;
    try {
      if (fault !== undefined && fault.kind !== 'slow' && fault.kind !== 'unprocessed') throw faultError(fault.kind, service, operation, req, fault.echoCredentials === true);
      if (service === 'sts') {
        const xml = sts.handle(operation, new URLSearchParams(raw), scope.accessKeyId, `emu-${seq}`);
        record(200, fault?.kind);
        if (!res.destroyed) {
          res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml), 'x-amzn-requestid': `emu-${seq}` });
          res.end(xml);
        }
        return;
      }
      if (!admitted) throw Object.assign(new ApiError('ThrottlingException', 'Rate exceeded'), { rate: true });
      let result: unknown;
      if (service === 'sso') {
        result =
          operation === 'CreateToken' ? sso.createToken(body) : operation === 'RegisterClient' ? sso.registerClient(body) : operation === 'StartDeviceAuthorization' ? sso.startDeviceAuthorization(body) : sso.getRoleCredentials(req);
      }
      else if (service === 'xray') result = xray.handle((req.url ?? '/').split('?')[0] as string, request);
      else if (service === 'cloudwatch') result = cloudwatch.handle(operation, request);
      else if (operation === 'LookupEvents') result = cloudtrail.lookupEvents(request);
      else throw new ApiError('UnknownOperationException', `The emulator does not serve CloudTrail ${operation}`);
      record(200, fault?.kind);
      if (!res.destroyed) send(res, service, 200, result);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('InternalFailure', String(error), 500);
      const kind = fault !== undefined && fault.kind !== 'slow' ? fault.kind : Object.hasOwn(apiError, 'rate') ? 'rate' : undefined;
      record(apiError.status, kind, apiError.code);
      if (!res.destroyed) sendError(res, service, apiError);
    }
  }

  const server = createServer((req, res) => {
    const at = now();
    inFlight += 1;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'), at).finally(settled);
    });
    // A request whose caller left before it was read never reaches handle().
    req.on('close', () => {
      if (!req.complete) settled();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    issued: sts.issued,
    ssoTokens: sso.tokens,
    approveDevice: (userCode) => sso.approve(userCode),
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    faultsInjected: () => faults.injectedCount,
    callsReached: (count) => new Promise<void>((wake) => (calls.length >= count ? wake() : callWaiters.push({ count, wake }))),
    idle: () => new Promise<void>((wake) => (inFlight === 0 ? wake() : idleWaiters.push(wake))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
