/**
 * IAM Identity Center (SSO) GetRoleCredentials over restJson1, what the SDK's SSO provider calls
 * with the access token `aws sso login` cached: `GET /federation/credentials?role_name=R&account_id=A`
 * with the token in `x-amz-sso_bearer_token`. Answers fresh role credentials (recorded in `issued`);
 * and SSO OIDC CreateToken, which refreshes an expired cached token.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from './route-types.ts';
import type { IssuedCredentials } from './sts-route.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

interface Device {
  readonly clientId: string;
  readonly userCode: string;
  readonly startUrl: string;
  approved: boolean;
}

export class SsoRoute {
  /** Access tokens CreateToken handed out, in order. */
  readonly tokens: string[] = [];
  /** Device authorizations by device code (what `aws sso login` starts and the person approves). */
  private readonly devices = new Map<string, Device>();
  private clients = 0;

  /** SSO OIDC RegisterClient (`POST /client/register`): a public client for the device grant. */
  registerClient(body: Readonly<Record<string, unknown>>): unknown {
    if (typeof body.clientName !== 'string' || body.clientType !== 'public') throw new ApiError('InvalidClientMetadataException', 'clientName and clientType public are required', 400);
    const n = ++this.clients;
    return { clientId: `emulator-client-${n}`, clientSecret: `emulator-client-secret-${n}`, clientIdIssuedAt: Math.floor(Date.now() / 1000), clientSecretExpiresAt: Math.floor(Date.now() / 1000) + 90 * 86400 };
  }

  /** SSO OIDC StartDeviceAuthorization (`POST /device_authorization`): a code for the person to approve, polled every second. */
  startDeviceAuthorization(body: Readonly<Record<string, unknown>>): unknown {
    if (typeof body.clientId !== 'string' || !body.clientId.startsWith('emulator-client-') || typeof body.startUrl !== 'string') throw new ApiError('InvalidClientException', 'Invalid client', 400);
    const n = this.devices.size + 1;
    const userCode = `EMUL-${String(n).padStart(4, '0')}`;
    this.devices.set(`device-code-${n}`, { clientId: body.clientId, userCode, startUrl: body.startUrl, approved: false });
    return { deviceCode: `device-code-${n}`, userCode, verificationUri: 'https://device.sso.eu-west-1.amazonaws.com/', verificationUriComplete: `https://device.sso.eu-west-1.amazonaws.com/?user_code=${userCode}`, expiresIn: 600, interval: 1 };
  }

  /** What the person does in the browser: approves the code shown. False when no authorization has it. */
  approve(userCode: string): boolean {
    for (const device of this.devices.values()) {
      if (device.userCode === userCode) {
        device.approved = true;
        return true;
      }
    }
    return false;
  }

  private deviceToken(body: Readonly<Record<string, unknown>>): unknown {
    const device = this.devices.get(String(body.deviceCode));
    if (device === undefined || device.clientId !== body.clientId) throw new ApiError('InvalidGrantException', 'Invalid device code', 400);
    if (!device.approved) throw new ApiError('AuthorizationPendingException', 'Authorization pending', 400);
    this.devices.delete(String(body.deviceCode));
    const n = this.tokens.length + 1;
    const accessToken = `emulator-sso-access-token-${n}`;
    this.tokens.push(accessToken);
    return { accessToken, tokenType: 'Bearer', expiresIn: 28800, refreshToken: `emulator-sso-refresh-token-${n}` };
  }

  constructor(private readonly issued: IssuedCredentials[]) {}

  /**
   * SSO OIDC CreateToken (restJson1 `POST /token`) with the refresh_token grant, as the SDK's token
   * provider sends it for an sso-session profile whose cached token has expired: a new access
   * token (valid an hour) and a new refresh token.
   */
  createToken(body: Readonly<Record<string, unknown>>): unknown {
    if (body.grantType === DEVICE_GRANT) return this.deviceToken(body);
    if (body.grantType !== 'refresh_token') throw new ApiError('UnsupportedGrantTypeException', `The emulator refreshes tokens only (grantType ${String(body.grantType)})`, 400);
    if (typeof body.refreshToken !== 'string' || body.refreshToken === '' || typeof body.clientId !== 'string' || body.clientId === '') {
      throw new ApiError('InvalidGrantException', 'Invalid grant provided', 400);
    }
    const n = this.tokens.length + 1;
    const accessToken = `emulator-sso-access-token-${n}`;
    this.tokens.push(accessToken);
    return { accessToken, tokenType: 'Bearer', expiresIn: 3600, refreshToken: `emulator-sso-refresh-token-${n}` };
  }

  getRoleCredentials(req: IncomingMessage): unknown {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const token = String(req.headers['x-amz-sso_bearer_token'] ?? '');
    const role = url.searchParams.get('role_name') ?? '';
    const account = url.searchParams.get('account_id') ?? '';
    if (token === '') throw new ApiError('UnauthorizedException', 'Session token not found or invalid', 401);
    if (!/^\d{12}$/.test(account) || role === '') throw new ApiError('InvalidRequestException', 'role_name and account_id are required', 400);
    const n = this.issued.length + 1;
    const credentials: IssuedCredentials = {
      roleArn: `arn:aws:iam::${account}:role/${role}`,
      sessionName: 'sso',
      askedWith: token,
      accessKeyId: `ASIASSO${String(n).padStart(13, '0')}`,
      secretAccessKey: `emulator-sso-secret-${n}`,
      sessionToken: `emulator-sso-session-token-${n}`,
    };
    this.issued.push(credentials);
    return {
      roleCredentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken,
        expiration: Date.now() + 3_600_000,
      },
    };
  }
}
