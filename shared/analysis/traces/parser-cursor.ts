import { FilterError, where } from './errors.ts';
import type { Token } from './tokens.ts';

/** The parser's position in the token list, its nesting depth, and the helpers that read tokens and report errors. */
export class TokenCursor {
  protected index = 0;
  protected depth = 0;

  constructor(
    protected readonly text: string,
    protected readonly tokens: readonly Token[],
    private readonly maxNesting: number,
  ) {}

  protected peek(): Token {
    return this.tokens[this.index]!;
  }

  protected next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== 'end') this.index++;
    return token;
  }

  protected at(token: Token): string {
    return where(token.start, this.text.length);
  }

  protected fail(message: string, token: { readonly start: number; readonly end: number }): never {
    throw new FilterError(message, token.start, token.end);
  }

  protected isWord(token: Token, ...words: string[]): boolean {
    return token.kind === 'word' && words.includes(token.value as string);
  }

  protected expectPunct(text: string, purpose: string): Token {
    const token = this.next();
    if (token.kind !== 'punct' || token.text !== text) this.fail(`Expected '${text}' ${this.at(token)}${this.found(token)} ${purpose}.`, token);
    return token;
  }

  protected found(token: Token): string {
    return token.kind === 'end' ? '' : `, found '${token.text}'`;
  }

  protected enter(token: Token): void {
    if (++this.depth > this.maxNesting) this.fail(`The expression nests deeper than ${this.maxNesting} levels ${this.at(token)}; simplify it.`, token);
  }
}
