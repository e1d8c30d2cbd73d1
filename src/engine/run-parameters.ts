/**
 * Binds the parameters a run is given to the ones its pipeline declares: defaults, type checks and
 * the conversions ADF makes (a string of digits for an Int, `"true"` for a Bool). Every problem is
 * reported at once.
 */
import type { JsonObject, JsonValue, ParameterSpec, VariableSpec } from '../factory/resources.js';

export interface ParameterProblem {
  readonly code: 'RUN_MISSING_PARAMETER' | 'RUN_UNKNOWN_PARAMETER' | 'RUN_INVALID_PARAMETER';
  readonly parameter: string;
  readonly message: string;
}

export type BoundParameters =
  | { readonly ok: true; readonly values: JsonObject }
  | { readonly ok: false; readonly problems: readonly ParameterProblem[] };

export function bindParameters(
  specs: Readonly<Record<string, ParameterSpec>>,
  given: JsonObject,
): BoundParameters {
  const problems: ParameterProblem[] = [];
  const values: JsonObject = {};
  const declared = new Map(Object.keys(specs).map((name) => [name.toLowerCase(), name]));
  for (const name of Object.keys(given)) {
    if (!declared.has(name.toLowerCase())) {
      problems.push({
        code: 'RUN_UNKNOWN_PARAMETER',
        parameter: name,
        message: `The pipeline declares no parameter '${name}' (it declares: ${Object.keys(specs).join(', ') || 'none'}).`,
      });
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    const key = Object.keys(given).find(
      (candidate) => candidate.toLowerCase() === name.toLowerCase(),
    );
    const raw = key === undefined ? spec.defaultValue : given[key];
    if (raw === undefined) {
      problems.push({
        code: 'RUN_MISSING_PARAMETER',
        parameter: name,
        message: `The parameter '${name}' (${spec.type}) has no default value: give it a value.`,
      });
      continue;
    }
    const converted = convertParameter(spec.type, raw);
    if (converted === undefined) {
      problems.push({
        code: 'RUN_INVALID_PARAMETER',
        parameter: name,
        message: `The parameter '${name}' is declared ${spec.type}, but its value ${JSON.stringify(raw)} is not one.`,
      });
      continue;
    }
    values[name] = converted;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

/** The value as the declared type, or undefined when it cannot be one. */
export function convertParameter(
  type: ParameterSpec['type'],
  raw: JsonValue,
): JsonValue | undefined {
  if (raw === null) return null;
  switch (type) {
    case 'String':
    case 'SecureString':
      return typeof raw === 'string'
        ? raw
        : typeof raw === 'number' || typeof raw === 'boolean'
          ? String(raw)
          : undefined;
    case 'Int':
      if (typeof raw === 'number') return Number.isInteger(raw) ? raw : undefined;
      return typeof raw === 'string' && /^\s*[-+]?\d+\s*$/.test(raw) ? Number(raw) : undefined;
    case 'Float':
      if (typeof raw === 'number') return raw;
      return typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))
        ? Number(raw)
        : undefined;
    case 'Bool':
      if (typeof raw === 'boolean') return raw;
      return typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())
        ? raw.trim().toLowerCase() === 'true'
        : undefined;
    case 'Array':
      return Array.isArray(raw) ? raw : parsedAs(raw, (value) => Array.isArray(value));
    case 'Object':
      return typeof raw === 'object' && !Array.isArray(raw)
        ? raw
        : parsedAs(
            raw,
            (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
          );
  }
}

function parsedAs(raw: JsonValue, accept: (value: unknown) => boolean): JsonValue | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed = JSON.parse(raw) as JsonValue;
    return accept(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A variable's starting value: its default, else an empty value of its type. */
export function initialVariables(specs: Readonly<Record<string, VariableSpec>>): JsonObject {
  const values: JsonObject = {};
  for (const [name, spec] of Object.entries(specs)) {
    values[name] =
      spec.defaultValue ?? (spec.type === 'Array' ? [] : spec.type === 'Boolean' ? false : '');
  }
  return values;
}
