import type { RootCauseKind } from './root-cause.ts';
import type { AnnotationTest, FilterExpr, FilterScope, NodeSelector, NumberOp, StringOp } from './ast.ts';
import { closestKeyword, KEYWORDS, NUMBER_OPS, RESERVED, STRING_OPS } from './keywords.ts';
import { TokenCursor } from './parser-cursor.ts';
import { tokenize, type Token } from './tokens.ts';

/**
 * Recursive-descent parser for X-Ray filter expressions (aws-reference.md §4):
 *
 *   or      := and ("OR" and)*
 *   and     := unary (["AND"] unary)*          terms side by side mean AND
 *   unary   := ("!" | "NOT") unary | "(" or ")" | atom
 *   atom    := boolkw [("=" | "!=") (true | false)] | numkw numop NUMBER | strkw strop STRING
 *            | annotation.KEY [op value] | annotation[KEY] [op value]
 *            | service "(" [STRING | id] ")" [block] | edge "(" sel "," sel ")" [block] | id
 *            | rootcause.(fault|error|responsetime).(service|entity|exception) block
 *            | group.name "=" STRING | group.arn "=" STRING
 *   block   := "{" or "}"
 *   id      := id "(" [key ":" STRING ("," key ":" STRING)*] ")"    key: name, type, account.id
 *
 * AND binds tighter than OR. Keywords, AND/OR/NOT and CONTAINS/BEGINSWITH/ENDSWITH are
 * case-insensitive; values are compared as written. Recursion follows the nesting of the text,
 * which is capped at MAX_NESTING levels with a clear error (never the data's depth).
 */
export const MAX_NESTING = 100;

interface Context {
  readonly scope: FilterScope;
  readonly cause?: RootCauseKind;
}

const TOP: Context = { scope: 'trace' };

/** The parsed expression, or undefined for an empty one (which matches every trace). Throws FilterError. */
export function parseFilter(text: string): FilterExpr | undefined {
  const parser = new Parser(text, tokenize(text), MAX_NESTING);
  return parser.parseAll();
}

class Parser extends TokenCursor {
  parseAll(): FilterExpr | undefined {
    if (this.peek().kind === 'end') return undefined;
    const expr = this.parseOr(TOP);
    const extra = this.peek();
    if (extra.kind !== 'end') {
      if (extra.text === ')') this.fail(`There is no '(' for the ')' ${this.at(extra)}.`, extra);
      if (extra.text === '}') this.fail(`There is no '{' for the '}' ${this.at(extra)}.`, extra);
      this.fail(`Unexpected '${extra.text}' ${this.at(extra)}; join terms with AND or OR.`, extra);
    }
    return expr;
  }

  private parseOr(context: Context): FilterExpr {
    const operands = [this.parseAnd(context)];
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      operands.push(this.parseAnd(context));
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands, start: operands[0]!.start, end: operands[operands.length - 1]!.end };
  }

  private startsTerm(token: Token): boolean {
    if (token.kind === 'word') return !this.isWord(token, 'and', 'or');
    return (token.kind === 'op' && token.text === '!') || (token.kind === 'punct' && token.text === '(');
  }

  private parseAnd(context: Context): FilterExpr {
    const operands = [this.parseUnary(context)];
    for (;;) {
      const token = this.peek();
      if (this.isWord(token, 'and')) this.next();
      else if (!this.startsTerm(token)) break;
      operands.push(this.parseUnary(context));
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands, start: operands[0]!.start, end: operands[operands.length - 1]!.end };
  }

  private parseUnary(context: Context): FilterExpr {
    const token = this.peek();
    if ((token.kind === 'op' && token.text === '!') || this.isWord(token, 'not')) {
      this.next();
      this.enter(token);
      const operand = this.parseUnary(context);
      this.depth--;
      return { kind: 'not', operand, start: token.start, end: operand.end };
    }
    if (token.kind === 'punct' && token.text === '(') {
      this.next();
      this.enter(token);
      const inner = this.parseOr(context);
      const close = this.expectPunct(')', `to close the '(' ${this.at(token)}`);
      this.depth--;
      return { ...inner, start: token.start, end: close.end };
    }
    if (token.kind === 'word') return this.parseAtom(this.next(), context);
    const what = context.scope === 'trace' ? "a keyword, service(), edge(), annotation.KEY or '('" : "a keyword or '('";
    return this.fail(`Expected ${what} ${this.at(token)}${this.found(token)}.`, token);
  }

  private parseAtom(word: Token, context: Context): FilterExpr {
    const name = word.value as string;
    if (RESERVED.has(name)) {
      const hint = this.isWord(word, 'true', 'false') ? 'a value needs a keyword and an operator before it' : `'${word.text}' needs a keyword before it`;
      this.fail(`Unexpected '${word.text}' ${this.at(word)}: ${hint}.`, word);
    }
    if (name === 'service' || name === 'edge' || name === 'id' || name.startsWith('rootcause.') || name.startsWith('group.')) {
      if (context.scope !== 'trace') this.fail(`'${word.text}' can only be used at the top level, not inside a { } block (${this.at(word).replace('at ', '')}).`, word);
    }
    if (name === 'service') return this.parseService(word);
    if (name === 'edge') return this.parseEdge(word);
    if (name === 'id') {
      const selector = this.parseId(word);
      return { kind: 'service', selector, body: undefined, start: selector.start, end: selector.end };
    }
    if (name === 'annotation' || name.startsWith('annotation.')) return this.parseAnnotation(word, context);
    if (name.startsWith('rootcause.')) return this.parseRootCause(word);
    if (name === 'group.name' || name === 'group.arn') {
      const op = this.next();
      if (op.text !== '=') this.fail(`Expected '=' after ${word.text} ${this.at(op)}${this.found(op)}.`, op);
      const value = this.next();
      if (value.kind !== 'string') this.fail(`Expected the group's ${name.slice(6)} in double quotes after '=' ${this.at(value)}${this.found(value)}.`, value);
      return { kind: 'group', field: name === 'group.name' ? 'name' : 'arn', value: value.value as string, start: word.start, end: value.end };
    }
    const spec = KEYWORDS.get(name);
    if (!spec) {
      const suggestion = closestKeyword(name);
      this.fail(`Unknown keyword '${word.text}' ${this.at(word)}${suggestion ? `; did you mean '${suggestion}'?` : '.'}`, word);
    }
    const inScope = spec.scopes.includes(context.scope) && (name !== 'coverage' || context.cause === 'responsetime');
    if (!inScope) this.fail(`'${word.text}' can only be used ${spec.where} (${this.at(word).replace('at ', '')}).`, word);
    if (spec.type === 'boolean') return this.parseBoolean(word);
    if (spec.type === 'number') {
      const { op, value } = this.parseNumberTest(word);
      return { kind: 'number', keyword: name, op, value, start: word.start, end: this.tokens[this.index - 1]!.end };
    }
    const { op, value } = this.parseStringTest(word);
    return { kind: 'string', keyword: name, op, value, start: word.start, end: this.tokens[this.index - 1]!.end };
  }

  private parseBoolean(word: Token): FilterExpr {
    const op = this.peek();
    if (op.kind !== 'op' || op.text === '!') {
      if (this.isWord(op, 'contains', 'beginswith', 'endswith')) this.fail(`'${op.text}' does not apply to the yes/no keyword '${word.text}' ${this.at(op)}.`, op);
      return { kind: 'bool', keyword: word.value as string, value: true, start: word.start, end: word.end };
    }
    this.next();
    if (op.text !== '=' && op.text !== '!=') {
      this.fail(`'${op.text}' does not apply to the yes/no keyword '${word.text}' ${this.at(op)}; write ${word.text}, !${word.text} or ${word.text} = false.`, op);
    }
    const value = this.next();
    if (!this.isWord(value, 'true', 'false')) this.fail(`Expected true or false after '${op.text}' ${this.at(value)}${this.found(value)}.`, value);
    return { kind: 'bool', keyword: word.value as string, value: (value.value === 'true') !== (op.text === '!='), start: word.start, end: value.end };
  }

  private parseNumberTest(word: Token): { op: NumberOp; value: number } {
    const op = this.next();
    if (op.kind !== 'op' || !(NUMBER_OPS as readonly string[]).includes(op.text)) {
      this.fail(`Expected a comparison (=, !=, <, <=, >, >=) after '${word.text}' ${this.at(op)}${this.found(op)}.`, op);
    }
    const value = this.next();
    if (value.kind !== 'number') {
      const hint = value.kind === 'string' ? ' (numbers are written without quotes)' : '';
      this.fail(`Expected a number after '${op.text}' ${this.at(value)}${this.found(value)}${hint}.`, value);
    }
    return { op: op.text as NumberOp, value: value.value as number };
  }

  private parseStringTest(word: Token): { op: StringOp; value: string } {
    const op = this.next();
    const isOp = (op.kind === 'op' && (op.text === '=' || op.text === '!=')) || this.isWord(op, ...STRING_OPS);
    if (!isOp) this.fail(`Expected =, !=, CONTAINS, BEGINSWITH or ENDSWITH after '${word.text}' ${this.at(op)}${this.found(op)}.`, op);
    const value = this.next();
    if (value.kind !== 'string') this.fail(`Expected a value in double quotes after '${op.text}' ${this.at(value)}${this.found(value)}.`, value);
    return { op: (op.kind === 'op' ? op.text : op.value) as StringOp, value: value.value as string };
  }

  private parseAnnotation(word: Token, context: Context): FilterExpr {
    if (context.scope !== 'trace') {
      this.fail(`annotation.KEY can only be used at the top level (${this.at(word).replace('at ', '')}): X-Ray does not combine it with service(), edge() or rootcause blocks.`, word);
    }
    let key: string;
    let end = word.end;
    if (word.value === 'annotation') {
      const open = this.expectPunct('[', 'after annotation (or write annotation.KEY)');
      const first = this.peek();
      if (first.kind === 'string') {
        key = this.next().value as string;
        end = this.expectPunct(']', `to close the '[' ${this.at(open)}`).end;
      } else {
        let close = first;
        while (close.kind !== 'end' && close.text !== ']') close = this.tokens[++this.index]!;
        if (close.kind === 'end') this.fail(`Expected ']' to close the '[' ${this.at(open)}.`, close);
        key = this.text.slice(open.end, close.start).trim();
        this.index++;
        end = close.end;
      }
    } else {
      key = word.text.slice('annotation.'.length);
    }
    if (key === '') this.fail(`The annotation needs a key ${this.at(word)}, e.g. annotation.customer_id.`, word);
    const op = this.peek();
    const isComparison = (op.kind === 'op' && op.text !== '!') || this.isWord(op, ...STRING_OPS.slice(2));
    if (!isComparison) return { kind: 'annotation', key, test: undefined, start: word.start, end };
    this.next();
    const value = this.next();
    const opText = op.kind === 'op' ? op.text : (op.value as string);
    let test: AnnotationTest;
    if (value.kind === 'number') {
      if (!(NUMBER_OPS as readonly string[]).includes(opText)) this.fail(`'${op.text}' compares text; write the value in double quotes ${this.at(value)}.`, value);
      test = { type: 'number', op: opText as NumberOp, value: value.value as number };
    } else if (value.kind === 'string') {
      if (!(STRING_OPS as readonly string[]).includes(opText)) this.fail(`'${op.text}' compares numbers; write a number without quotes ${this.at(value)}.`, value);
      test = { type: 'string', op: opText as StringOp, value: value.value as string };
    } else if (this.isWord(value, 'true', 'false')) {
      if (opText !== '=' && opText !== '!=') this.fail(`'${op.text}' does not apply to true or false ${this.at(op)}; use = or !=.`, op);
      test = { type: 'boolean', op: opText, value: value.value === 'true' };
    } else {
      this.fail(`Expected a value (a number, text in double quotes, true or false) after '${op.text}' ${this.at(value)}${this.found(value)}.`, value);
    }
    return { kind: 'annotation', key, test, start: word.start, end: value.end };
  }

  private parseSelector(): NodeSelector {
    const token = this.next();
    if (token.kind === 'string') return { name: token.value as string, start: token.start, end: token.end };
    if (this.isWord(token, 'id')) return this.parseId(token);
    return this.fail(`Expected a service name in double quotes or id(…) ${this.at(token)}${this.found(token)}.`, token);
  }

  private parseId(word: Token): NodeSelector {
    const open = this.expectPunct('(', 'after id');
    const selector: { name?: string; type?: string; accountId?: string } = {};
    let close = this.peek();
    while (!(close.kind === 'punct' && close.text === ')')) {
      const key = this.next();
      const field = key.kind === 'word' ? ({ name: 'name', type: 'type', 'account.id': 'accountId' } as const)[key.value as 'name' | 'type' | 'account.id'] : undefined;
      if (!field) this.fail(`Expected name:, type: or account.id: in id(…) ${this.at(key)}${this.found(key)}.`, key);
      this.expectPunct(':', `after ${key.text}`);
      const value = this.next();
      if (value.kind !== 'string') this.fail(`Expected a value in double quotes after '${key.text}:' ${this.at(value)}${this.found(value)}.`, value);
      selector[field] = value.value as string;
      close = this.peek();
      if (close.kind === 'punct' && close.text === ',') {
        this.next();
        close = this.peek();
      } else if (!(close.kind === 'punct' && close.text === ')')) {
        this.fail(`Expected ',' or ')' in id(…) ${this.at(close)}${this.found(close)} (the '(' is ${this.at(open)}).`, close);
      }
    }
    this.next();
    return { ...selector, start: word.start, end: close.end };
  }

  private parseBlock(open: Token, context: Context): FilterExpr {
    this.next();
    this.enter(open);
    const body = this.parseOr(context);
    this.expectPunct('}', `to close the '{' ${this.at(open)}`);
    this.depth--;
    return body;
  }

  private optionalBlock(): FilterExpr | undefined {
    const open = this.peek();
    return open.kind === 'punct' && open.text === '{' ? this.parseBlock(open, { scope: 'node' }) : undefined;
  }

  private parseService(word: Token): FilterExpr {
    this.expectPunct('(', 'after service');
    const empty = this.peek();
    const selector = empty.kind === 'punct' && empty.text === ')' ? undefined : this.parseSelector();
    this.expectPunct(')', 'to close service(');
    const body = this.optionalBlock();
    return { kind: 'service', selector, body, start: word.start, end: this.tokens[this.index - 1]!.end };
  }

  private parseEdge(word: Token): FilterExpr {
    this.expectPunct('(', 'after edge');
    const source = this.parseSelector();
    this.expectPunct(',', 'between the two services of edge(…)');
    const target = this.parseSelector();
    this.expectPunct(')', 'to close edge(');
    const body = this.optionalBlock();
    return { kind: 'edge', source, target, body, start: word.start, end: this.tokens[this.index - 1]!.end };
  }

  private parseRootCause(word: Token): FilterExpr {
    const parts = (word.value as string).split('.');
    if (parts[1] === 'json') this.fail(`rootcause.json can't be evaluated locally ${this.at(word)}; use rootcause.fault.service { … }, rootcause.error.exception { … } and the like.`, word);
    const cause = parts[1] as RootCauseKind;
    const level = parts[2] as 'service' | 'entity' | 'exception';
    if (parts.length !== 3 || !['fault', 'error', 'responsetime'].includes(cause) || !['service', 'entity', 'exception'].includes(level)) {
      this.fail(`Unknown '${word.text}' ${this.at(word)}: write rootcause.fault, rootcause.error or rootcause.responsetime, then .service, .entity or .exception.`, word);
    }
    if (cause === 'responsetime' && level === 'exception') this.fail(`Response-time root causes have no exceptions (${this.at(word).replace('at ', '')}); use rootcause.responsetime.service or .entity.`, word);
    const open = this.peek();
    if (!(open.kind === 'punct' && open.text === '{')) this.fail(`Expected '{' after ${word.text} ${this.at(open)}${this.found(open)}.`, open);
    const body = this.parseBlock(open, { scope: `rootcause.${level}`, cause });
    return { kind: 'rootcause', cause, level, body, start: word.start, end: this.tokens[this.index - 1]!.end };
  }
}
