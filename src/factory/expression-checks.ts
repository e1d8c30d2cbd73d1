/**
 * Checks every expression of a resource: each JSON string Data Factory would evaluate (`@…`,
 * `…@{…}…`, the `value` of `{ "type": "Expression" }`) must compile, and the names it reads where
 * they are literal — `variables('x')`, `activity('X')`, `pipeline().parameters.x`,
 * `dataset().x`, `linkedService().x` — must be declared.
 */
import {
  compileTemplate,
  formatExpressionError,
  isExpression,
  templateExpressions,
  type ExpressionNode,
} from '../expressions/index.js';
import { pointerTo } from './json-pointer.js';
import { findIgnoringCase, isJsonObject } from './json-values.js';
import type { FactoryProblem, JsonValue } from './resources.js';
import { quotedList, report, type ValidationContext } from './validation-context.js';

/** What the expressions of one resource may read. */
export type ExpressionScope =
  | {
      readonly kind: 'pipeline';
      readonly variables: readonly string[];
      readonly parameters: readonly string[];
      /** Every activity of the pipeline, nested ones included. */
      readonly activities: readonly string[];
      /** SetVariable/AppendVariable: the variable set, and the pointer of the value setting it. */
      readonly settingVariable?: { readonly name: string; readonly valuePointer: string };
    }
  | { readonly kind: 'dataset' | 'linkedService'; readonly parameters: readonly string[] }
  | { readonly kind: 'trigger' };

interface Site {
  readonly context: ValidationContext;
  readonly scope: ExpressionScope;
  readonly file: string;
  readonly pointer: string;
  readonly source: string;
}

/** Walks `json` at `pointer`; `skip` says which pointers not to enter (nested activities). */
export function checkExpressions(
  context: ValidationContext,
  json: JsonValue | undefined,
  file: string,
  pointer: string,
  scope: ExpressionScope,
  skip: (pointer: string) => boolean = () => false,
): void {
  if (json === undefined || skip(pointer)) return;
  if (typeof json === 'string') {
    if (isExpression(json)) checkTemplate({ context, scope, file, pointer, source: json });
  } else if (Array.isArray(json)) {
    json.forEach((item, index) =>
      checkExpressions(context, item, file, pointerTo(pointer, index), scope, skip),
    );
  } else if (isJsonObject(json)) {
    for (const [key, value] of Object.entries(json))
      checkExpressions(context, value, file, pointerTo(pointer, key), scope, skip);
  }
}

function checkTemplate(site: Site): void {
  const compiled = compileTemplate(site.source);
  if (!compiled.ok) {
    const { position } = compiled.error;
    report(
      site.context,
      'FACTORY_INVALID_EXPRESSION',
      site.file,
      site.pointer,
      `This expression is not valid: ${formatExpressionError(compiled.error)}`,
      { line: position.line, column: position.column, offset: position.offset },
    );
    return;
  }
  for (const body of templateExpressions(compiled.value.template)) visit(site, body);
}

function visit(site: Site, node: ExpressionNode): void {
  switch (node.kind) {
    case 'call':
      checkCall(site, node);
      node.args.forEach((arg) => visit(site, arg));
      return;
    case 'property':
    case 'index':
      checkAccess(site, node);
      visit(site, node.target);
      if (node.kind === 'index') visit(site, node.index);
      return;
    default:
      return;
  }
}

function checkCall(site: Site, call: Extract<ExpressionNode, { kind: 'call' }>): void {
  const { scope } = site;
  const [argument] = call.args;
  if (scope.kind !== 'pipeline' || call.args.length !== 1 || argument?.kind !== 'string') return;
  const name = argument.value;
  const at = location(site.source, argument.span.start);
  switch (call.name.toLowerCase()) {
    case 'variables':
      if (findIgnoringCase(scope.variables, name) === undefined) {
        report(
          site.context,
          'FACTORY_UNKNOWN_VARIABLE',
          site.file,
          site.pointer,
          `variables('${name}') reads a variable the pipeline does not declare (declared: ${quotedList(scope.variables)}); declare it under "variables" (line ${at.line}, column ${at.column}).`,
          at,
        );
      } else if (
        scope.settingVariable !== undefined &&
        scope.settingVariable.name.toLowerCase() === name.toLowerCase() &&
        isWithin(site.pointer, scope.settingVariable.valuePointer)
      ) {
        report(
          site.context,
          'FACTORY_SELF_REFERENCING_VARIABLE',
          site.file,
          site.pointer,
          `The value that sets '${scope.settingVariable.name}' reads the same variable, which Data Factory does not allow; set a temporary variable first, then copy it (line ${at.line}, column ${at.column}).`,
          at,
        );
      }
      return;
    case 'activity':
      if (findIgnoringCase(scope.activities, name) === undefined)
        report(
          site.context,
          'FACTORY_UNKNOWN_ACTIVITY',
          site.file,
          site.pointer,
          `activity('${name}') names no activity of this pipeline (line ${at.line}, column ${at.column}); check the name, or add the activity.`,
          at,
        );
      return;
    default:
      return;
  }
}

/** `pipeline().parameters.x`, `pipeline().globalParameters.x`, `dataset().x`, `linkedService().x`. */
function checkAccess(
  site: Site,
  node: Extract<ExpressionNode, { kind: 'property' | 'index' }>,
): void {
  const accessed = accessedName(node);
  if (accessed === undefined || node.safe) return;
  const { scope, context } = site;
  const target = node.target;
  let declared: readonly string[] | undefined;
  let what = '';
  if (target.kind === 'call' && target.args.length === 0) {
    const owner = target.name.toLowerCase();
    if (
      (owner === 'dataset' && scope.kind === 'dataset') ||
      (owner === 'linkedservice' && scope.kind === 'linkedService')
    ) {
      declared = scope.parameters;
      what = `${target.name}() parameter`;
    }
  } else if (
    scope.kind === 'pipeline' &&
    (target.kind === 'property' || target.kind === 'index') &&
    isPipelineCall(target.target)
  ) {
    const group = accessedName(target)?.name.toLowerCase();
    if (group === 'parameters') {
      declared = scope.parameters;
      what = 'pipeline parameter';
    } else if (group === 'globalparameters') {
      const globals = Object.keys(context.factory.globalParameters);
      // A factory read without its factory/ folder knows no global parameters: nothing to check.
      if (globals.length > 0) {
        declared = globals;
        what = 'global parameter';
      }
    }
  }
  if (declared === undefined || findIgnoringCase(declared, accessed.name) !== undefined) return;
  const at = location(site.source, accessed.offset);
  report(
    context,
    'FACTORY_UNKNOWN_PARAMETER',
    site.file,
    site.pointer,
    `'${accessed.name}' is not a declared ${what} (declared: ${quotedList(declared)}; line ${at.line}, column ${at.column}); declare it, or write ?.${accessed.name} to read null when it is absent.`,
    at,
  );
}

function isPipelineCall(node: ExpressionNode | undefined): boolean {
  return node?.kind === 'call' && node.args.length === 0 && node.name.toLowerCase() === 'pipeline';
}

function accessedName(node: ExpressionNode): { name: string; offset: number } | undefined {
  if (node.kind === 'property') return { name: node.name, offset: node.nameSpan.start };
  if (node.kind === 'index' && node.index.kind === 'string')
    return { name: node.index.value, offset: node.index.span.start };
  return undefined;
}

function isWithin(pointer: string, prefix: string): boolean {
  return pointer === prefix || pointer.startsWith(`${prefix}/`);
}

/** Line and column (1-based) of an offset in a JSON string value. */
function location(source: string, offset: number): NonNullable<FactoryProblem['expression']> {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, offset };
}
