import type { ExpressionNode, Template } from './ast.js';

/** The expressions a template holds: none for text, the body of `@…`, each `@{…}` in order. */
export function templateExpressions(template: Template): ExpressionNode[] {
  switch (template.kind) {
    case 'text':
      return [];
    case 'expression':
      return [template.body];
    case 'interpolation':
      return template.parts.flatMap((part) => (part.kind === 'expression' ? [part.body] : []));
  }
}
