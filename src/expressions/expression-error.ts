/**
 * Expression failures are data: a stable code, a message that says what to do, and where in the
 * source the problem is. Data Factory reports all of these as `InvalidTemplate`; our codes refine it.
 */

export const ExpressionErrorCodes = {
  EXPR_SYNTAX: 'The text is not a valid expression.',
  EXPR_TOO_DEEP: 'The expression nests deeper than the evaluator allows.',
  EXPR_UNKNOWN_FUNCTION: 'No built-in function has this name.',
  EXPR_ARGUMENT_COUNT: 'A function was called with too few or too many arguments.',
  EXPR_ARGUMENT_TYPE: 'A function argument has the wrong type.',
  EXPR_INVALID_ARGUMENT:
    'A function argument has the right type but a value the function cannot use.',
  EXPR_INDEX_OUT_OF_RANGE: 'An array index or string position is outside the value.',
  EXPR_PROPERTY_NOT_FOUND: 'An object has no property of this name.',
  EXPR_NULL_REFERENCE: 'A property or index was selected from null.',
  EXPR_INVALID_ACCESS:
    'A property or index was selected from a value that has none (a string, number…).',
  EXPR_DIVISION_BY_ZERO: 'An integer was divided by zero.',
  EXPR_OVERFLOW: 'An integer result does not fit in 64 bits.',
  EXPR_INVALID_DATE: 'A string is not a date and time the function can read.',
  EXPR_INVALID_FORMAT: 'A date format string or time unit is not valid.',
  EXPR_UNKNOWN_TIME_ZONE: 'A time-zone name is not a Windows time-zone name.',
  EXPR_INVALID_JSON: 'A string is not valid JSON.',
  EXPR_INVALID_XML: 'A string is not valid XML, or an XPath expression is not valid.',
  EXPR_INVALID_CONVERSION: 'A value cannot be converted to the requested type.',
  EXPR_UNKNOWN_PARAMETER: 'The pipeline, dataset or linked service has no parameter of this name.',
  EXPR_UNKNOWN_VARIABLE: 'The pipeline has no variable of this name.',
  EXPR_UNKNOWN_ACTIVITY: 'No activity of this name has run before this expression.',
  EXPR_NOT_AVAILABLE: 'A system value is not available where the expression is evaluated.',
  EXPR_INTERNAL: 'The evaluator failed unexpectedly; please report it with the expression.',
} as const;

export type ExpressionErrorCode = keyof typeof ExpressionErrorCodes;

/** Offsets are 0-based UTF-16 positions in the source text; line and column are 1-based. */
export interface SourcePosition {
  readonly offset: number;
  readonly length: number;
  readonly line: number;
  readonly column: number;
}

export interface ExpressionErrorData {
  readonly code: ExpressionErrorCode;
  readonly message: string;
  readonly failureType: 'UserError';
  readonly retryable: false;
  readonly position: SourcePosition;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Thrown inside the parser and evaluator and caught at their public boundary, where it becomes
 * {@link ExpressionErrorData}. It is not an `Error` so that a failing evaluation costs no stack trace.
 */
export class ExpressionFailure {
  constructor(
    readonly code: ExpressionErrorCode,
    readonly message: string,
    readonly span: Span,
  ) {}
}

export function positionOf(source: string, span: Span): SourcePosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(span.start, source.length);
  for (let i = 0; i < end; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return {
    offset: span.start,
    length: Math.max(0, span.end - span.start),
    line,
    column: span.start - lineStart + 1,
  };
}

export function toErrorData(source: string, failure: ExpressionFailure): ExpressionErrorData {
  return {
    code: failure.code,
    message: failure.message,
    failureType: 'UserError',
    retryable: false,
    position: positionOf(source, failure.span),
  };
}

/** One line for terminals and logs: `EXPR_SYNTAX at 1:5: …`. */
export function formatExpressionError(error: ExpressionErrorData): string {
  return `${error.code} at line ${error.position.line}, column ${error.position.column}: ${error.message}`;
}
