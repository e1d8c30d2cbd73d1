import { BinaryValue, stringifyJson, type Value } from './values.js';

/**
 * Turns a value into text as Data Factory does inside `@{…}` and in `string()`: null is empty,
 * booleans are `True`/`False` (.NET's spelling), Floats use .NET's shortest round-trip form
 * (`3`, `0.5`, `1E+15`), arrays and objects are compact JSON.
 */
export function valueToString(value: Value): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'bigint':
      return value.toString();
    case 'number':
      return formatDotNetDouble(value);
    case 'boolean':
      return value ? 'True' : 'False';
    default:
      if (value === null) return '';
      if (value instanceof BinaryValue) return value.toText();
      return stringifyJson(value);
  }
}

/** .NET Core's `double.ToString()`: shortest round-trip digits, scientific from 1E+15 and below 1E-05. */
export function formatDotNetDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || magnitude < 1e-4) {
    const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
    const power = Number(exponent);
    const sign = power < 0 ? '-' : '+';
    return `${mantissa}E${sign}${String(Math.abs(power)).padStart(2, '0')}`;
  }
  return String(value);
}
