/**
 * The part of the X-Ray filter expression grammar the emulator evaluates: terms joined by AND
 * (`group.name = "G"`, `ok`, `error`, `fault`, `throttle`, `partial`, each optionally negated with
 * `!`, and `duration|responsetime|http.status OP NUMBER`). Anything else is refused with
 * InvalidRequestException, so a test never passes on a filter that was silently ignored.
 */
import type { XRayTraceSummary } from '../../shared/model/index.ts';
import { ApiError } from './route-types.ts';

export interface CompiledFilter {
  readonly group: string | undefined;
  test(summary: XRayTraceSummary): boolean;
}

type Test = (s: XRayTraceSummary) => boolean;

const FLAGS = new Map<string, Test>([
  ['fault', (s) => s.HasFault === true],
  ['error', (s) => s.HasError === true],
  ['throttle', (s) => s.HasThrottle === true],
  ['partial', (s) => s.IsPartial === true],
  ['ok', (s) => s.HasFault !== true && s.HasError !== true && s.HasThrottle !== true],
]);

const NUMBERS = new Map<string, (s: XRayTraceSummary) => number | undefined>([
  ['duration', (s) => s.Duration],
  ['responsetime', (s) => s.ResponseTime],
  ['http.status', (s) => s.Http?.HttpStatus],
]);

function compare(left: number | undefined, op: string, right: number): boolean {
  if (left === undefined) return false;
  switch (op) {
    case '=': return left === right;
    case '!=': return left !== right;
    case '<': return left < right;
    case '<=': return left <= right;
    case '>': return left > right;
    default: return left >= right;
  }
}

export function compileFilter(expression: string | undefined): CompiledFilter {
  let group: string | undefined;
  const tests: Test[] = [];
  let text = (expression ?? '').trim();
  while (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1).trim();
  if (text !== '') {
    for (const raw of text.split(/\s+AND\s+/i)) {
      let term = raw.trim();
      while (term.startsWith('(') && term.endsWith(')')) term = term.slice(1, -1).trim();
      const groupMatch = /^group\.name\s*=\s*"([^"]*)"$/i.exec(term);
      if (groupMatch) {
        group = groupMatch[1];
        continue;
      }
      const negated = term.startsWith('!');
      const flag = FLAGS.get((negated ? term.slice(1) : term).trim().toLowerCase());
      if (flag) {
        tests.push(negated ? (s) => !flag(s) : flag);
        continue;
      }
      const numberMatch = /^([a-z.]+)\s*(<=|>=|!=|=|<|>)\s*(-?\d+(?:\.\d+)?)$/i.exec(term);
      const read = numberMatch ? NUMBERS.get((numberMatch[1] as string).toLowerCase()) : undefined;
      if (numberMatch && read) {
        const op = numberMatch[2] as string;
        const value = Number(numberMatch[3]);
        tests.push((s) => compare(read(s), op, value));
        continue;
      }
      throw new ApiError('InvalidRequestException', `The emulator does not evaluate this filter term: ${term}`);
    }
  }
  return { group, test: (s) => tests.every((t) => t(s)) };
}
