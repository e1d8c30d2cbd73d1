/**
 * The trigger dialog's form, framework-free: a pipeline's declared parameters (`properties
 * .parameters`: `{name: {type, defaultValue?}}`) become typed fields with their defaults as text,
 * and the texts the user typed become the run's parameters, each checked against its type.
 * Problems are data with stable codes, by field. Pure.
 */
import { ParameterTypes, type ParameterType } from '../../../src/factory/resources.js';
import type { Json, JsonObject } from '../api/factory-api.js';

/** What a field's input looks like. */
export const FieldKinds = {
  text: 'text',
  number: 'number',
  boolean: 'boolean',
  json: 'json',
  secret: 'secret',
} as const;
export type FieldKind = (typeof FieldKinds)[keyof typeof FieldKinds];

export interface ParameterField {
  readonly name: string;
  readonly type: ParameterType;
  readonly kind: FieldKind;
  /** No default: the run needs a value. */
  readonly required: boolean;
  /** The default as the field shows it ('' when none; a SecureString's stays hidden: ''). */
  readonly defaultText: string;
  /** A SecureString with a stored default: left empty, the default is used. */
  readonly hiddenDefault: boolean;
}

export const ParameterProblemCodes = {
  required: 'PARAMETER_REQUIRED',
  notInt: 'PARAMETER_NOT_INT',
  notFloat: 'PARAMETER_NOT_FLOAT',
  notBool: 'PARAMETER_NOT_BOOL',
  invalidJson: 'PARAMETER_INVALID_JSON',
  notArray: 'PARAMETER_NOT_ARRAY',
  notObject: 'PARAMETER_NOT_OBJECT',
} as const;
export type ParameterProblemCode =
  (typeof ParameterProblemCodes)[keyof typeof ParameterProblemCodes];

export interface ParameterProblem {
  readonly code: ParameterProblemCode;
  readonly message: string;
}

export type ParameterValues = Readonly<Record<string, string>>;

export type CoercionResult =
  | { readonly ok: true; readonly parameters: JsonObject }
  | { readonly ok: false; readonly problems: Readonly<Record<string, ParameterProblem>> };

const MASKED = '**********';

function isRecord(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Declared types match ignoring case, as Data Factory's do; an unknown one is taken as String. */
function parameterTypeOf(value: Json | undefined): ParameterType {
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  return ParameterTypes.find((type) => type.toLowerCase() === text) ?? 'String';
}

function kindOf(type: ParameterType): FieldKind {
  switch (type) {
    case 'String':
      return FieldKinds.text;
    case 'Int':
    case 'Float':
      return FieldKinds.number;
    case 'Bool':
      return FieldKinds.boolean;
    case 'Array':
    case 'Object':
      return FieldKinds.json;
    case 'SecureString':
      return FieldKinds.secret;
  }
}

function textOf(type: ParameterType, value: Json): string {
  switch (type) {
    case 'Array':
    case 'Object':
      return JSON.stringify(value, null, 2);
    case 'String':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

/** The form's fields, in the order the pipeline declares its parameters. */
export function parameterFields(declared: Json | undefined): ParameterField[] {
  if (!isRecord(declared)) return [];
  return Object.entries(declared).map(([name, declaration]) => {
    const spec = isRecord(declaration) ? declaration : {};
    const type = parameterTypeOf(spec['type']);
    const hasDefault = 'defaultValue' in spec && spec['defaultValue'] !== undefined;
    const secret = type === 'SecureString';
    return {
      name,
      type,
      kind: kindOf(type),
      required: !hasDefault,
      defaultText: hasDefault && !secret ? textOf(type, spec['defaultValue'] ?? null) : '',
      hiddenDefault: hasDefault && secret,
    };
  });
}

/** The texts the form starts with: the defaults. */
export function initialValues(fields: readonly ParameterField[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field.name, field.defaultText]));
}

/**
 * The run's parameters from the form's texts. A field left at its default is not sent (the
 * server applies the default, in its declared type); a SecureString left empty keeps its stored
 * default, and the masked placeholder is never sent as a value.
 */
export function coerceParameters(
  fields: readonly ParameterField[],
  values: ParameterValues,
): CoercionResult {
  const parameters: JsonObject = {};
  const problems: Record<string, ParameterProblem> = {};
  for (const field of fields) {
    const text = values[field.name] ?? field.defaultText;
    const unchanged = !field.required && text === field.defaultText;
    if (unchanged || (field.hiddenDefault && (text === '' || text === MASKED))) continue;
    const result = coerceField(field, text);
    if ('problem' in result) problems[field.name] = result.problem;
    else parameters[field.name] = result.value;
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, parameters };
}

function problem(code: ParameterProblemCode, message: string) {
  return { problem: { code, message } } as const;
}

/** One field's value, or why it has none. */
export function coerceField(
  field: Pick<ParameterField, 'type' | 'required'>,
  text: string,
): { readonly value: Json } | { readonly problem: ParameterProblem } {
  const trimmed = text.trim();
  const isText = field.type === 'String' || field.type === 'SecureString';
  // An empty string is a value; an empty number, flag or JSON is not.
  if ((isText && text === '' && field.required) || (!isText && trimmed === ''))
    return problem(
      ParameterProblemCodes.required,
      field.required ? 'Enter a value: this parameter has no default.' : 'Enter a value.',
    );
  switch (field.type) {
    case 'String':
    case 'SecureString':
      return { value: text };
    case 'Int':
      return /^[-+]?\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed))
        ? { value: Number(trimmed) }
        : problem(ParameterProblemCodes.notInt, 'Enter a whole number, such as 42.');
    case 'Float': {
      const value = Number(trimmed);
      return Number.isFinite(value)
        ? { value }
        : problem(ParameterProblemCodes.notFloat, 'Enter a number, such as 0.5.');
    }
    case 'Bool':
      if (trimmed.toLowerCase() === 'true') return { value: true };
      if (trimmed.toLowerCase() === 'false') return { value: false };
      return problem(ParameterProblemCodes.notBool, 'Choose true or false.');
    case 'Array':
    case 'Object':
      return coerceJson(field.type, trimmed);
  }
}

function coerceJson(
  type: 'Array' | 'Object',
  text: string,
): { readonly value: Json } | { readonly problem: ParameterProblem } {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return problem(ParameterProblemCodes.invalidJson, `Not valid JSON: ${reason}`);
  }
  if (type === 'Array' && !Array.isArray(value))
    return problem(ParameterProblemCodes.notArray, 'Enter a JSON array, such as [1, 2].');
  if (type === 'Object' && !isRecord(value))
    return problem(ParameterProblemCodes.notObject, 'Enter a JSON object, such as {"a": 1}.');
  return { value };
}
