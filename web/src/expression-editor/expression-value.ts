/**
 * How a property value that accepts an expression is written in ADF JSON, and back. The field
 * edits the template text as the JSON holds it (`@…` an expression, `@@…` a literal `@`, `@{…}`
 * interpolation inside text), and keeps the form a value came in:
 * - `{"value": "@…", "type": "Expression"}`: what ADF Studio writes, and what new expressions get;
 * - a plain string starting with `@` or holding `@{`: also evaluated by ADF, kept as such;
 * - a literal: text, number or boolean (the field's literal type);
 * - any other JSON (an object or array given as a literal), edited as JSON text.
 */
import type { Json } from '../api/json.js';

export const LiteralTypes = ['string', 'number', 'boolean'] as const;
export type LiteralType = (typeof LiteralTypes)[number];

export const ValueForms = ['expression-object', 'expression-string', 'literal', 'json'] as const;
export type ValueForm = (typeof ValueForms)[number];

export interface FieldText {
  readonly text: string;
  readonly form: ValueForm;
}

export interface FieldValue {
  /** `undefined` when the field is empty: the property is left out. */
  readonly value: Json | undefined;
  /** Why the text is not a literal of the field's type (the text is kept as a string). */
  readonly problem?: string;
}

/** True when ADF would evaluate this JSON string (it starts with `@` but not `@@`, or holds `@{`). */
export function isExpressionText(text: string): boolean {
  return (text.startsWith('@') && !text.startsWith('@@')) || text.includes('@{');
}

export function isExpressionObject(
  value: Json | undefined,
): value is { value: string; type: 'Expression' } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    value['type'] === 'Expression' &&
    typeof value['value'] === 'string'
  );
}

/** True for a value that ADF evaluates (either expression form). */
export function isDynamicValue(value: Json | undefined): boolean {
  return isExpressionObject(value) || (typeof value === 'string' && isExpressionText(value));
}

export function fieldTextOf(value: Json | undefined): FieldText {
  if (value === undefined || value === null) return { text: '', form: 'literal' };
  if (isExpressionObject(value)) return { text: value.value, form: 'expression-object' };
  if (typeof value === 'string')
    return { text: value, form: isExpressionText(value) ? 'expression-string' : 'literal' };
  if (typeof value === 'number' || typeof value === 'boolean')
    return { text: String(value), form: 'literal' };
  return { text: JSON.stringify(value), form: 'json' };
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The JSON value for what the user typed. `previousForm` is the form of the value the field was
 * given, so that an expression written as a plain string stays a plain string.
 */
export function fieldValueOf(
  text: string,
  literalType: LiteralType,
  previousForm: ValueForm,
): FieldValue {
  if (text === '') return { value: undefined };
  if (isExpressionText(text))
    return {
      value: previousForm === 'expression-string' ? text : { value: text, type: 'Expression' },
    };
  const trimmed = text.trim();
  if (previousForm === 'json') {
    try {
      return { value: JSON.parse(text) as Json };
    } catch {
      // Not JSON any more: read it as a literal of the field's type below.
    }
  }
  switch (literalType) {
    case 'string':
      return { value: text };
    case 'number':
      return NUMBER_TEXT.test(trimmed)
        ? { value: Number(trimmed) }
        : { value: text, problem: 'Type a number, or an expression starting with @.' };
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      return lower === 'true' || lower === 'false'
        ? { value: lower === 'true' }
        : { value: text, problem: 'Type true or false, or an expression starting with @.' };
    }
  }
}

/** Structural equality of JSON values (object key order ignored). */
export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameJson(item, b[index]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => key in b && sameJson(a[key], b[key]));
}
