import type { AnnotationTest, FilterExpr, NodeSelector } from './ast.ts';

/**
 * An expression written back as text in one canonical spelling (upper-case AND/OR and string
 * operators, double-quoted values, parentheses only where precedence needs them).
 * `parseFilter(formatFilter(e))` gives `e` again (positions aside).
 */
export function formatFilter(expr: FilterExpr | undefined): string {
  return expr ? format(expr) : '';
}

const quote = (value: string): string => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const op = (value: string): string => (/^[a-z]/.test(value) ? value.toUpperCase() : value);

function selector(value: NodeSelector): string {
  if (value.name !== undefined && value.type === undefined && value.accountId === undefined) return quote(value.name);
  const parts: string[] = [];
  if (value.name !== undefined) parts.push(`name: ${quote(value.name)}`);
  if (value.type !== undefined) parts.push(`type: ${quote(value.type)}`);
  if (value.accountId !== undefined) parts.push(`account.id: ${quote(value.accountId)}`);
  return `id(${parts.join(', ')})`;
}

function annotationTest(test: AnnotationTest | undefined): string {
  if (!test) return '';
  const value = test.type === 'string' ? quote(test.value) : String(test.value);
  return ` ${op(test.op)} ${value}`;
}

function grouped(expr: FilterExpr, parent: 'and' | 'not'): string {
  const text = format(expr);
  const needs = expr.kind === 'or' || (parent === 'not' && expr.kind === 'and');
  return needs ? `(${text})` : text;
}

function block(body: FilterExpr | undefined): string {
  return body ? ` { ${format(body)} }` : '';
}

function format(expr: FilterExpr): string {
  switch (expr.kind) {
    case 'or':
      return expr.operands.map((operand) => format(operand)).join(' OR ');
    case 'and':
      return expr.operands.map((operand) => grouped(operand, 'and')).join(' AND ');
    case 'not':
      return `!${grouped(expr.operand, 'not')}`;
    case 'bool':
      return expr.value ? expr.keyword : `${expr.keyword} = false`;
    case 'number':
      return `${expr.keyword} ${expr.op} ${String(expr.value)}`;
    case 'string':
      return `${expr.keyword} ${op(expr.op)} ${quote(expr.value)}`;
    case 'annotation':
      return `annotation[${quote(expr.key)}]${annotationTest(expr.test)}`;
    case 'service':
      return `service(${expr.selector ? selector(expr.selector) : ''})${block(expr.body)}`;
    case 'edge':
      return `edge(${selector(expr.source)}, ${selector(expr.target)})${block(expr.body)}`;
    case 'rootcause':
      return `rootcause.${expr.cause}.${expr.level} { ${format(expr.body)} }`;
    case 'group':
      return `group.${expr.field} = ${quote(expr.value)}`;
  }
}
