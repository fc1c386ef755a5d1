import type { FilterExpr } from './ast.ts';
import { compileExpression, groupError, type Predicate } from './compile.ts';
import { FilterError, type FilterProblem } from './errors.ts';
import { parseFilter } from './parser.ts';
import type { TraceTable } from './trace-table.ts';

/** A filter expression checked once, then bound to the traces of any number of tables. */
export interface CompiledFilter {
  /** The expression as given. */
  readonly text: string;
  readonly expr: FilterExpr | undefined;
  /** True for an empty expression (every trace matches). */
  readonly matchesAll: boolean;
  /** The predicate over trace indices of `table` (kept per table). */
  bind(table: TraceTable): Predicate<number>;
}

export type CompileResult = { readonly ok: true; readonly filter: CompiledFilter } | { readonly ok: false; readonly problem: FilterProblem };

/** The first part of the expression that cannot be evaluated on a snapshot (group.name / group.arn). */
function notLocal(expr: FilterExpr | undefined): FilterError | undefined {
  const stack = expr ? [expr] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === 'group') return groupError(node);
    if (node.kind === 'and' || node.kind === 'or') stack.push(...node.operands);
    else if (node.kind === 'not') stack.push(node.operand);
  }
  return undefined;
}

/** Parses and checks an X-Ray filter expression; errors come back as data with their position. */
export function compileFilter(text: string): CompileResult {
  try {
    const expr = parseFilter(text);
    const problem = notLocal(expr);
    if (problem) return { ok: false, problem: problem.toProblem() };
    const bound = new WeakMap<TraceTable, Predicate<number>>();
    const bind = (table: TraceTable): Predicate<number> => {
      let test = bound.get(table);
      if (!test) bound.set(table, (test = compileExpression(expr, table)));
      return test;
    };
    return { ok: true, filter: { text, expr, matchesAll: expr === undefined, bind } };
  } catch (error) {
    if (error instanceof FilterError) return { ok: false, problem: error.toProblem() };
    throw error;
  }
}

/** Indices (ascending) of the traces of `table` that match. */
export function matchingIndices(filter: CompiledFilter, table: TraceTable): Int32Array {
  const out = new Int32Array(table.size);
  let count = 0;
  const test = filter.bind(table);
  for (let i = 0; i < table.size; i++) if (test(i)) out[count++] = i;
  return out.slice(0, count);
}
