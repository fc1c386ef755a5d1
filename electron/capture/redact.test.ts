import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REDACTED, redactError, redactSecrets } from './redact.ts';

describe('redactSecrets', () => {
  it('cuts out access key ids, credential scopes, session token headers and secret assignments', () => {
    const text = [
      "Credential=AKIAIOSFODNN7EXAMPLE/20240524/eu-west-1/xray/aws4_request, SignedHeaders=host",
      'x-amz-security-token:IQoJb3JpZ2luX2VjEKr//abc+def==',
      'temporary key ASIAY34FZKBOKMUTVV7A in use',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      '"SessionToken": "FwoGZXIvYXdzEBY"',
    ].join('\n');
    const clean = redactSecrets(text);
    for (const secret of ['AKIAIOSFODNN7EXAMPLE', 'IQoJb3JpZ2luX2VjEKr', 'ASIAY34FZKBOKMUTVV7A', 'wJalrXUtnFEMI', 'FwoGZXIvYXdzEBY']) expect(clean).not.toContain(secret);
    expect(clean).toContain('/20240524/eu-west-1/xray/aws4_request');
    expect(clean).toContain(REDACTED);
  });

  it('cuts out the exact credentials it is given, wherever they are', () => {
    const secretChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+='.split(''));
    fc.assert(
      fc.property(fc.string({ unit: secretChars, minLength: 12, maxLength: 60 }), fc.string(), fc.string(), (secret, before, after) => {
        expect(redactSecrets(`${before}${secret}${after}${secret}`, [secret])).not.toContain(secret);
      }),
    );
    expect(redactSecrets('key abcd-secret-1234 here', ['abcd-secret-1234'])).toBe(`key ${REDACTED} here`);
  });

  it('cuts out the SigV4 signature of an Authorization header and of a presigned URL', () => {
    // The shapes of the examples in the AWS Signature Version 4 documentation (header and query string).
    const header =
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
      'SignedHeaders=host;range;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';
    const url =
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
      '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z' +
      '&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
    expect(redactSecrets(header)).toBe(
      `Authorization: AWS4-HMAC-SHA256 Credential=${REDACTED}/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-date, Signature=${REDACTED}`,
    );
    expect(redactSecrets(url)).toBe(
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        `&X-Amz-Credential=${REDACTED}%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z` +
        `&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=${REDACTED}`,
    );
  });

  it('leaves ordinary messages alone', () => {
    const message = 'User: arn:aws:iam::123456789012:user/jane is not authorized to perform: xray:BatchGetTraces';
    expect(redactSecrets(message)).toBe(message);
  });

  it('cleans an error in place, its stack included', () => {
    const error = Object.assign(new Error('bad Credential=AKIAIOSFODNN7EXAMPLE/x'), { Message: 'token x-amz-security-token:abc123' });
    redactError(error);
    expect(error.message).toBe(`bad Credential=${REDACTED}/x`);
    expect(error.stack).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect((error as unknown as { Message: string }).Message).toBe(`token x-amz-security-token:${REDACTED}`);
  });
});
