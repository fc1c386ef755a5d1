import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FilterExpr } from './ast.ts';
import { FilterError, type FilterProblem } from './errors.ts';
import { compileFilter } from './filter.ts';
import { formatFilter } from './format.ts';
import { KEYWORDS } from './keywords.ts';
import { MAX_NESTING, parseFilter } from './parser.ts';
import { MAX_EXPRESSION_LENGTH } from './tokens.ts';

function problem(text: string): FilterProblem {
  const result = compileFilter(text);
  if (result.ok) throw new Error(`expected an error for ${text}`);
  return result.problem;
}

/** The expression without positions, to compare shapes. */
function shape(expr: FilterExpr | undefined): unknown {
  return JSON.parse(JSON.stringify(expr ?? null, (key, value: unknown) => (key === 'start' || key === 'end' ? undefined : value)));
}

describe('parseFilter: the grammar of aws-reference.md §4', () => {
  it('parses the X-Ray documentation examples', () => {
    const examples = [
      'responsetime > 5',
      'duration >= 5 AND duration <= 8',
      'service("api.example.com") { fault = true OR responsetime > 2.5 } AND annotation.account = "12345"',
      'edge("api.example.com", "backend.example.com") { fault = true }',
      'http.url BEGINSWITH "http://api.example.com/" AND http.url CONTAINS "/v2/" AND !service("api.example.com")',
      'ok !partial duration <3',
      'service(id(name: "api.example.com", type: "AWS::EC2::Instance")) { fault }',
      'edge(id(name: "api.example.com"), id(name: "backend.example.com", type: "AWS::DynamoDB::Table"))',
      'rootcause.fault.service { name = "Auth" }',
      'rootcause.responsetime.entity { coverage > 0.5 AND remote }',
      'rootcause.error.exception { message CONTAINS "not authorized" }',
      'annotation[aws:api_id] = "p2ys8714je"',
      'annotation.cold_start = true',
      'user = "alice" OR http.clientip BEGINSWITH "192.0.2."',
      'service() { fault }',
      'NOT error',
    ];
    for (const text of examples) expect(() => parseFilter(text), text).not.toThrow();
  });

  it('reads keywords and operators in any case, values as written, and terms side by side as AND', () => {
    expect(shape(parseFilter('FAULT and ResponseTime > 1'))).toEqual(shape(parseFilter('fault AND responsetime > 1')));
    expect(shape(parseFilter('http.url contains "/A"'))).toEqual({ kind: 'string', keyword: 'http.url', op: 'contains', value: '/A' });
    expect(shape(parseFilter('ok !partial duration < 3'))).toEqual(shape(parseFilter('ok AND !partial AND duration < 3')));
  });

  it('binds AND tighter than OR, and keeps long chains flat', () => {
    expect(shape(parseFilter('fault OR error AND throttle'))).toEqual({
      kind: 'or',
      operands: [
        { kind: 'bool', keyword: 'fault', value: true },
        { kind: 'and', operands: [{ kind: 'bool', keyword: 'error', value: true }, { kind: 'bool', keyword: 'throttle', value: true }] },
      ],
    });
    const chain = parseFilter(Array.from({ length: 2500 }, () => 'ok').join(' AND '));
    expect(chain?.kind === 'and' && chain.operands.length).toBe(2500);
  });

  it('reads boolean comparisons: fault = false and fault != true mean !fault', () => {
    expect(shape(parseFilter('fault = false'))).toEqual({ kind: 'bool', keyword: 'fault', value: false });
    expect(shape(parseFilter('fault != true'))).toEqual({ kind: 'bool', keyword: 'fault', value: false });
    expect(shape(parseFilter('fault != false'))).toEqual({ kind: 'bool', keyword: 'fault', value: true });
  });

  it('gives an empty expression no tree (every trace matches)', () => {
    expect(parseFilter('   ')).toBeUndefined();
    const result = compileFilter('');
    expect(result.ok && result.filter.matchesAll).toBe(true);
  });
});

describe('filter errors point at the position', () => {
  it('a missing value after an operator', () => {
    expect(problem('responsetime >')).toEqual({ message: "Expected a number after '>' at the end.", start: 14, end: 14 });
    expect(problem('responsetime > "5"')).toMatchObject({ start: 15, end: 18 });
    expect(problem('responsetime > "5"').message).toContain('at column 16');
    expect(problem('responsetime > "5"').message).toContain('without quotes');
    expect(problem('http.url = 5')).toMatchObject({ start: 11, end: 12, message: expect.stringContaining("Expected a value in double quotes after '=' at column 12") });
  });

  it('unbalanced brackets', () => {
    expect(problem('fault AND (error OR ok')).toEqual({ message: "Expected ')' at the end to close the '(' at column 11.", start: 22, end: 22 });
    expect(problem('fault )')).toMatchObject({ start: 6, end: 7, message: expect.stringContaining("no '(' for the ')' at column 7") });
    expect(problem('service("a") { fault')).toMatchObject({ start: 20, message: expect.stringContaining("to close the '{' at column 14") });
  });

  it('unknown keywords, with a suggestion', () => {
    expect(problem('fualt AND ok')).toEqual({ message: "Unknown keyword 'fualt' at column 1; did you mean 'fault'?", start: 0, end: 5 });
    expect(problem('ok AND responsetim > 1')).toMatchObject({ start: 7, end: 18, message: expect.stringContaining("did you mean 'responsetime'") });
  });

  it('operators that do not fit the keyword', () => {
    expect(problem('fault > 1')).toMatchObject({ start: 6, end: 7 });
    expect(problem('http.url > "a"')).toMatchObject({ start: 9, end: 10, message: expect.stringContaining('CONTAINS') });
    expect(problem('duration CONTAINS 3')).toMatchObject({ start: 9, end: 17 });
    expect(problem('a == 1')).toMatchObject({ start: 2, end: 4, message: expect.stringContaining("use '='") });
    expect(problem('fault && ok')).toMatchObject({ start: 6, message: expect.stringContaining('use AND or OR') });
  });

  it('keywords outside their scope', () => {
    expect(problem('coverage > 0.5')).toMatchObject({ start: 0, end: 8 });
    expect(problem('rootcause.fault.service { coverage > 0.5 }').message).toContain('rootcause.responsetime');
    expect(problem('service("a") { annotation.x = 1 }')).toMatchObject({ start: 15, end: 27, message: expect.stringContaining('top level') });
    expect(problem('service("a") { service("b") }')).toMatchObject({ start: 15, end: 22 });
    expect(problem('rootcause.responsetime.exception { name = "x" }').message).toContain('no exceptions');
    expect(problem('first')).toMatchObject({ start: 0, end: 5, message: expect.stringContaining('rootcause') });
  });

  it('what cannot be evaluated on a snapshot', () => {
    expect(problem('ok AND group.name = "prod"')).toMatchObject({ start: 7, end: 26, message: expect.stringContaining("can't be evaluated locally") });
    expect(problem('rootcause.json = #[{ "Services": [] }]')).toMatchObject({ start: 0, end: 14, message: expect.stringContaining("can't be evaluated locally") });
  });

  it('unterminated text and bad characters', () => {
    expect(problem('http.url = "abc')).toEqual({ message: 'The text value that starts at column 12 has no closing ".', start: 11, end: 15 });
    expect(problem('duration > 3s')).toMatchObject({ start: 11, end: 13 });
    expect(problem('ok AND $')).toMatchObject({ start: 7, end: 8 });
  });

  it(`caps nesting at ${MAX_NESTING} levels with a clear error`, () => {
    const nested = (depth: number) => `${'('.repeat(depth)}ok${')'.repeat(depth)}`;
    expect(compileFilter(nested(MAX_NESTING)).ok).toBe(true);
    expect(problem(nested(MAX_NESTING + 1))).toMatchObject({ start: MAX_NESTING, end: MAX_NESTING + 1, message: expect.stringContaining(`deeper than ${MAX_NESTING} levels at column ${MAX_NESTING + 1}`) });
    expect(problem(`${'!'.repeat(10_000)}ok`).message).toContain('deeper than');
    expect(problem(`ok AND ${'x'.repeat(MAX_EXPRESSION_LENGTH)}`)).toMatchObject({ start: MAX_EXPRESSION_LENGTH, message: expect.stringContaining('the limit is') });
    expect(problem(`${'service() { '.repeat(3)}ok }}}`).message).toContain('top level');
  });

  it('errors stay inside the text and are FilterErrors for any input', () => {
    const tokens = ['ok', 'fault', 'AND', 'OR', '!', '(', ')', '{', '}', '"a"', '1', '>', '=', 'service', 'edge', 'id', ',', ':', 'name', 'annotation.x', 'annotation', '[', ']', 'rootcause.fault.service', 'http.url', 'CONTAINS', ' '];
    const text = fc.oneof(fc.string(), fc.array(fc.constantFrom(...tokens), { maxLength: 12 }).map((parts) => parts.join(' ')));
    fc.assert(
      fc.property(text, (input) => {
        try {
          parseFilter(input);
        } catch (error) {
          expect(error).toBeInstanceOf(FilterError);
          const { start, end } = error as FilterError;
          expect(start).toBeGreaterThanOrEqual(0);
          expect(end).toBeGreaterThanOrEqual(start);
          expect(end).toBeLessThanOrEqual(input.length);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatFilter', () => {
  const value = fc.string({ maxLength: 8 });
  const selector = fc.oneof(
    value.map((name) => ({ name })),
    fc.record({ name: value, type: fc.constantFrom('AWS::Lambda', 'remote', 'AWS::DynamoDB::Table') }),
  );
  const simple = fc.oneof(
    fc.record({ kind: fc.constant('bool' as const), keyword: fc.constantFrom('ok', 'error', 'fault', 'throttle', 'partial'), value: fc.boolean() }),
    fc.record({ kind: fc.constant('number' as const), keyword: fc.constantFrom('duration', 'responsetime', 'http.status'), op: fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const), value: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) }),
    fc.record({ kind: fc.constant('string' as const), keyword: fc.constantFrom('http.url', 'http.method', 'user', 'name'), op: fc.constantFrom('=', '!=', 'contains', 'beginswith', 'endswith' as const), value }),
  );
  const top = fc.oneof(
    simple,
    fc.record({ kind: fc.constant('annotation' as const), key: fc.stringMatching(/^[a-z_:][a-z0-9_:]{0,6}$/), test: fc.option(fc.record({ type: fc.constant('string' as const), op: fc.constantFrom('=', 'contains' as const), value }), { nil: undefined }) }),
    fc.record({ kind: fc.constant('service' as const), selector: fc.option(selector, { nil: undefined }), body: fc.option(simple, { nil: undefined }) }),
    fc.record({ kind: fc.constant('edge' as const), source: selector, target: selector, body: fc.option(simple, { nil: undefined }) }),
  );
  const { expr } = fc.letrec<{ expr: unknown }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      top,
      fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), operands: fc.array(tie('expr'), { minLength: 2, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('not' as const), operand: tie('expr') }),
    ),
  }));

  it('writes an expression that parses back to the same text', () => {
    fc.assert(
      fc.property(expr, (tree) => {
        const text = formatFilter(tree as FilterExpr);
        const again = formatFilter(parseFilter(text));
        expect(again).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('knows every keyword the parser knows', () => {
    for (const [keyword, spec] of KEYWORDS) {
      if (!spec.scopes.includes('trace')) continue;
      const text = spec.type === 'boolean' ? keyword : spec.type === 'number' ? `${keyword} >= 2` : `${keyword} CONTAINS "x"`;
      expect(formatFilter(parseFilter(text))).toBe(text);
    }
  });
});
