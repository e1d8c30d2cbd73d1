/**
 * Parameter and variable type names as Data Factory accepts them: any case (`int`, `Int`,
 * `securestring`), plus `Bool`/`Boolean` for variables, which ADF's UI and REST API spell
 * differently.
 */
import {
  ParameterTypes,
  VariableTypes,
  type JsonValue,
  type ParameterType,
  type VariableType,
} from './resources.js';

const PARAMETER_TYPES = new Map<string, ParameterType>(
  ParameterTypes.map((type) => [type.toLowerCase(), type]),
);
const VARIABLE_TYPES = new Map<string, VariableType>([
  ...VariableTypes.map((type) => [type.toLowerCase(), type] as const),
  ['bool', 'Boolean'],
]);

export function parameterTypeOf(raw: JsonValue | undefined): ParameterType | undefined {
  return typeof raw === 'string' ? PARAMETER_TYPES.get(raw.toLowerCase()) : undefined;
}

export function variableTypeOf(raw: JsonValue | undefined): VariableType | undefined {
  return typeof raw === 'string' ? VARIABLE_TYPES.get(raw.toLowerCase()) : undefined;
}

/** Whether a literal default value fits a parameter or variable type (null fits every type). */
export function valueFitsType(value: JsonValue, type: ParameterType | VariableType): boolean {
  if (value === null) return true;
  switch (type) {
    case 'String':
    case 'SecureString':
      return typeof value === 'string';
    case 'Int':
      return typeof value === 'number' && Number.isInteger(value);
    case 'Float':
      return typeof value === 'number';
    case 'Bool':
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Array':
      return Array.isArray(value);
    case 'Object':
      return typeof value === 'object' && !Array.isArray(value);
  }
}

/** How to write a literal of `type`, for messages. */
export function describeType(type: string): string {
  switch (type) {
    case 'Int':
      return 'write an integer such as 3';
    case 'Float':
      return 'write a number such as 0.5';
    case 'Bool':
    case 'Boolean':
      return 'write true or false (without quotes)';
    case 'Array':
      return 'write a JSON array such as ["a", "b"]';
    case 'Object':
      return 'write a JSON object such as { "key": "value" }';
    default:
      return 'write a string in quotes';
  }
}
