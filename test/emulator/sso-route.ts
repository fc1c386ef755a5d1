/**
 * IAM Identity Center (SSO) GetRoleCredentials over restJson1, what the SDK's SSO provider calls
 * with the access token `aws sso login` cached: `GET /federation/credentials?role_name=R&account_id=A`
 * with the token in `x-amz-sso_bearer_token`. Answers fresh role credentials (recorded in `issued`);
 * and SSO OIDC CreateToken, which refreshes an expired cached token.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from './route-types.ts';
import type { IssuedCredentials } from './sts-route.ts';

export class SsoRoute {
  /** Access tokens CreateToken handed out, in order. */
  readonly tokens: string[] = [];

  constructor(private readonly issued: IssuedCredentials[]) {}

  /**
   * SSO OIDC CreateToken (restJson1 `POST /token`) with the refresh_token grant, as the SDK's token
   * provider sends it for an sso-session profile whose cached token has expired: a new access
   * token (valid an hour) and a new refresh token.
   */
  createToken(body: Readonly<Record<string, unknown>>): unknown {
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
