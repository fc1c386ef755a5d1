import type { FaultRule } from './faults.ts';

/** What a route sees of one request. */
export interface RouteRequest {
  readonly body: Readonly<Record<string, unknown>>;
  readonly region: string;
  readonly accessKeyId: string;
  readonly fault: FaultRule | undefined;
}

/** An AWS error answer: the code the SDK reads, a message and the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function field(body: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(body, name) ? body[name] : undefined;
}

export function numberField(body: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = field(body, name);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function stringField(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = field(body, name);
  return typeof value === 'string' ? value : undefined;
}

export function requireTime(body: Readonly<Record<string, unknown>>, name: string, errorCode: string): number {
  const value = numberField(body, name);
  if (value === undefined) throw new ApiError(errorCode, `${name} is required`);
  return value;
}
