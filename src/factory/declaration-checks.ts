/**
 * Checks declared parameters (pipelines, datasets, linked services) and variables (pipelines):
 * known types, and defaults that fit them. Reads the JSON as written, since the parsed resource
 * has already mapped unknown types to a default.
 */
import { pointerTo } from './json-pointer.js';
import { isJsonObject } from './json-values.js';
import type { JsonValue } from './resources.js';
import { describeType, parameterTypeOf, valueFitsType, variableTypeOf } from './type-names.js';
import { isMissing, report, type ValidationContext } from './validation-context.js';

const DECLARATIONS = {
  parameter: {
    typeOf: parameterTypeOf,
    unknownCode: 'FACTORY_UNKNOWN_PARAMETER_TYPE',
    allowed: 'String, Int, Float, Bool, Array, Object or SecureString',
  },
  variable: {
    typeOf: variableTypeOf,
    unknownCode: 'FACTORY_UNKNOWN_VARIABLE_TYPE',
    allowed: 'String, Boolean or Array',
  },
} as const;

/**
 * `declarations` is the `parameters` or `variables` object at `pointer` in `file`.
 */
export function checkDeclarations(
  context: ValidationContext,
  kind: keyof typeof DECLARATIONS,
  declarations: JsonValue | undefined,
  file: string,
  pointer: string,
): void {
  if (declarations === undefined) return;
  if (!isJsonObject(declarations)) {
    report(
      context,
      'FACTORY_INVALID_PROPERTY',
      file,
      pointer,
      `The ${kind}s must be an object { "name": { "type": … } }.`,
    );
    return;
  }
  const rules = DECLARATIONS[kind];
  for (const [name, spec] of Object.entries(declarations)) {
    const at = pointerTo(pointer, name);
    if (!isJsonObject(spec)) {
      report(
        context,
        'FACTORY_INVALID_PROPERTY',
        file,
        at,
        `The ${kind} '${name}' must be an object { "type": "…" }.`,
      );
      continue;
    }
    if (isMissing(spec.type)) {
      report(
        context,
        'FACTORY_MISSING_PROPERTY',
        file,
        pointerTo(at, 'type'),
        `The ${kind} '${name}' has no type; give it one of ${rules.allowed}.`,
      );
      continue;
    }
    const type = rules.typeOf(spec.type);
    if (type === undefined) {
      report(
        context,
        rules.unknownCode,
        file,
        pointerTo(at, 'type'),
        `The ${kind} '${name}' has type ${JSON.stringify(spec.type)}; use ${rules.allowed}.`,
      );
      continue;
    }
    if (spec.defaultValue !== undefined && !valueFitsType(spec.defaultValue, type)) {
      report(
        context,
        'FACTORY_DEFAULT_VALUE_MISMATCH',
        file,
        pointerTo(at, 'defaultValue'),
        `The ${kind} '${name}' is of type ${type} but its defaultValue is ${JSON.stringify(spec.defaultValue)}; ${describeType(type)}.`,
      );
    }
  }
}
