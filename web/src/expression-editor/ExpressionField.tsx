/**
 * CONTRACT STUB (issue 8): a field whose value may be a literal or an ADF expression. ADF writes an
 * expression as `{"value": "@…", "type": "Expression"}` (or a string starting with `@`); the field
 * keeps whichever form it was given, checks expression syntax as the user types and shows where
 * the error is.
 */
import type { Json } from '../api/factory-api.js';

export interface ExpressionFieldProps {
  readonly label: string;
  readonly value: Json | undefined;
  onChange(value: Json | undefined): void;
  /** What a literal must be: text, number or boolean. (Default: 'string') */
  readonly literalType?: 'string' | 'number' | 'boolean';
  /** A problem from validation to show under the field. */
  readonly error?: string;
  readonly placeholder?: string;
  readonly id?: string;
}

export function ExpressionField({ label, value, onChange }: ExpressionFieldProps) {
  return (
    <label>
      {label}
      <input
        value={typeof value === 'string' ? value : JSON.stringify(value ?? '')}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}
