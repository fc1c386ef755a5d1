import { AppError } from '../base/errors.ts';

/**
 * A snapshot that cannot be read or written. `corrupt`: the file claims to be a snapshot but is
 * broken (bad JSON, truncated, a record that is not what the format says). `invalidInput`: it is
 * not a snapshot at all, is too new or too big, or the content given to the writer is not valid.
 * The message names the file (when known), then where (`records[12].kind`, `line 14`), then what.
 */
export class SnapshotError extends AppError {
  constructor(
    kind: 'corrupt' | 'invalidInput',
    readonly file: string | undefined,
    readonly detail: string,
    readonly at?: string,
  ) {
    super(kind, `${file ? `${file}: ` : ''}${at ? `${at}: ` : ''}${detail}`, file);
    this.name = 'SnapshotError';
  }
}
