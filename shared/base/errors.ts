/**
 * Errors: within a process we throw subclasses of AppError; across a process boundary they
 * travel as data (`AppErrorData`) inside a Result. Every message says what happened and, where
 * it can, what to do.
 */
export type AppErrorKind = 'auth' | 'throttled' | 'notFound' | 'invalidInput' | 'corrupt' | 'cancelled' | 'internal';

export interface AppErrorData {
  readonly kind: AppErrorKind;
  readonly message: string;
  /** File name or JSON path the error is about, when there is one. */
  readonly where?: string;
}

export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toData(): AppErrorData {
    return this.where === undefined ? { kind: this.kind, message: this.message } : { kind: this.kind, message: this.message, where: this.where };
  }
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppErrorData };

export function toErrorData(error: unknown): AppErrorData {
  if (error instanceof AppError) return error.toData();
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}
