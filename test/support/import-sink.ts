/** A sink for tests: keeps every `add` and `problem` call, in order. */
import type { RawKind } from '../../shared/model/index.ts';
import type { ImportSink } from '../../shared/import/format/types.ts';

export interface AddedDocument {
  readonly kind: RawKind;
  readonly doc: unknown;
  readonly at: string;
}

export interface ReportedProblem {
  readonly at: string | undefined;
  readonly message: string;
}

export interface TestSink extends ImportSink {
  readonly added: AddedDocument[];
  readonly problems: ReportedProblem[];
}

export function createTestSink(file = 'test.json'): TestSink {
  const added: AddedDocument[] = [];
  const problems: ReportedProblem[] = [];
  return {
    file,
    added,
    problems,
    add(kind: RawKind, doc: unknown, at: string): void {
      added.push({ kind, doc, at });
    },
    problem(at: string | undefined, message: string): void {
      problems.push({ at, message });
    },
  };
}
