/**
 * IAM Identity Center (SSO) GetRoleCredentials over restJson1, what the SDK's SSO provider calls
 * with the access token `aws sso login` cached: `GET /federation/credentials?role_name=R&account_id=A`
 * with the token in `x-amz-sso_bearer_token`. Answers fresh role credentials (recorded in `issued`).
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from './route-types.ts';
import type { IssuedCredentials } from './sts-route.ts';

export class SsoRoute {
  constructor(private readonly issued: IssuedCredentials[]) {}

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
