/**
 * STS over awsQuery (what the SDK's role assumption sends: `POST /`, a form body
 * `Action=AssumeRole&Version=2011-06-15&RoleArn=…&RoleSessionName=…`, an XML answer), so a profile
 * with `role_arn` + `source_profile` can be tested end to end. AssumeRole hands out fresh
 * temporary credentials (recorded in `issued`, with the key that asked for them);
 * GetCallerIdentity answers for whatever key signed the call.
 */
import { ApiError } from './route-types.ts';

export interface IssuedCredentials {
  readonly roleArn: string;
  readonly sessionName: string;
  /** The access key that signed the AssumeRole call (the source profile's). */
  readonly askedWith: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/[\w+=,.@/-]{1,128}$/;

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function element(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}

export function stsErrorXml(code: string, message: string, requestId: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">${element('Error', element('Type', 'Sender') + element('Code', xmlEscape(code)) + element('Message', xmlEscape(message)))}${element('RequestId', requestId)}</ErrorResponse>`;
}

export class StsRoute {
  readonly issued: IssuedCredentials[] = [];

  handle(operation: string, form: URLSearchParams, accessKeyId: string, requestId: string): string {
    if (operation === 'AssumeRole') return this.assumeRole(form, accessKeyId, requestId);
    if (operation === 'GetCallerIdentity') {
      const result = element('Arn', 'arn:aws:iam::123456789012:user/emulator') + element('UserId', 'AIDAEMULATOR') + element('Account', '123456789012');
      return this.wrap(operation, result, requestId);
    }
    throw new ApiError('InvalidAction', `The emulator does not serve STS ${operation}`);
  }

  private assumeRole(form: URLSearchParams, askedWith: string, requestId: string): string {
    const roleArn = form.get('RoleArn') ?? '';
    const sessionName = form.get('RoleSessionName') ?? '';
    const match = ROLE_ARN.exec(roleArn);
    if (match === null) throw new ApiError('ValidationError', 'RoleArn is not a valid IAM role ARN.');
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) throw new ApiError('ValidationError', 'RoleSessionName is not valid.');
    const n = this.issued.length + 1;
    const credentials: IssuedCredentials = {
      roleArn,
      sessionName,
      askedWith,
      accessKeyId: `ASIAROLE${String(n).padStart(12, '0')}`,
      secretAccessKey: `emulator-role-secret-${n}`,
      sessionToken: `emulator-role-session-token-${n}`,
    };
    this.issued.push(credentials);
    const duration = Number(form.get('DurationSeconds') ?? '3600');
    const expiration = new Date(Date.now() + (Number.isFinite(duration) ? duration : 3600) * 1000).toISOString();
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const result =
      element(
        'Credentials',
        element('AccessKeyId', credentials.accessKeyId) + element('SecretAccessKey', credentials.secretAccessKey) + element('SessionToken', credentials.sessionToken) + element('Expiration', expiration),
      ) +
      element(
        'AssumedRoleUser',
        element('AssumedRoleId', `AROAEMULATOR:${xmlEscape(sessionName)}`) + element('Arn', `arn:aws:sts::${match[1]}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(sessionName)}`),
      );
    return this.wrap('AssumeRole', result, requestId);
  }

  private wrap(operation: string, result: string, requestId: string): string {
    return `<${operation}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">${element(`${operation}Result`, result)}${element('ResponseMetadata', element('RequestId', requestId))}</${operation}Response>`;
  }
}
