import { describe, expect, it } from 'vitest';
import { checkExpressionText, describeProblem, underlineRange } from './expression-check.js';

describe('checkExpressionText', () => {
  it('accepts valid expressions and leaves literals alone', () => {
    expect(checkExpressionText("@concat('a', pipeline().RunId)")).toBeUndefined();
    expect(checkExpressionText('run @{pipeline().RunId} of @{utcNow()}')).toBeUndefined();
    expect(checkExpressionText('@@(not checked')).toBeUndefined();
    expect(checkExpressionText('plain (text')).toBeUndefined();
    expect(checkExpressionText('@CONCAT(1, 2)')).toBeUndefined();
  });

  it('places a syntax error where the parser stopped', () => {
    const problem = checkExpressionText("@concat('a' 'b')");
    expect(problem).toMatchObject({ code: 'EXPR_SYNTAX', offset: 12, column: 13, line: 1 });
    expect(problem?.message).toMatch(/Expected "," or "\)"/);
  });

  it('places an unclosed interpolation at its opening', () => {
    const problem = checkExpressionText('file-@{pipeline().RunId');
    expect(problem).toMatchObject({ code: 'EXPR_SYNTAX', offset: 5 });
    expect(problem?.message).toMatch(/not closed/);
  });

  it('finds unknown functions and wrong argument counts', () => {
    expect(checkExpressionText('@concatenate(1)')).toMatchObject({
      code: 'EXPR_UNKNOWN_FUNCTION',
      offset: 1,
      length: 11,
    });
    const count = checkExpressionText("x-@{substring('abc')}");
    expect(count).toMatchObject({ code: 'EXPR_ARGUMENT_COUNT', offset: 4, column: 5 });
    expect(count?.message).toBe(
      "The function 'substring' takes 2 to 3 arguments but was given 1: substring(text: string, startIndex: integer, length?: integer).",
    );
  });

  it('checks pipeline parameter names only when it knows them', () => {
    expect(checkExpressionText('@pipeline().parameters.batch')).toBeUndefined();
    expect(
      checkExpressionText('@pipeline().parameters.Batch', { parameters: ['batch'] }),
    ).toBeUndefined();
    expect(
      checkExpressionText('@pipeline().parameters.bach', { parameters: ['batch', 'inputFile'] }),
    ).toMatchObject({
      code: 'EXPR_UNKNOWN_PARAMETER',
      offset: 23,
      message: expect.stringContaining("declared: 'batch', 'inputFile'") as unknown,
    });
  });

  it('counts lines and columns for text over several lines', () => {
    const problem = checkExpressionText("@concat('a',\n  bad)");
    expect(problem).toMatchObject({ line: 2, column: 3 });
    expect(problem && describeProblem(problem)).toMatch(/\(at line 2, column 3\)$/);
  });
});

describe('describeProblem', () => {
  it('says the column on one line', () => {
    const problem = checkExpressionText('@concat(');
    expect(problem && describeProblem(problem)).toMatch(/ \(at column 9\)$/);
  });
});

describe('underlineRange', () => {
  const at = (offset: number, length: number) => ({
    code: 'EXPR_SYNTAX' as const,
    message: '',
    offset,
    length,
    line: 1,
    column: offset + 1,
  });
  it('underlines the span, or one character when it is empty', () => {
    expect(underlineRange(at(2, 3), 10)).toEqual({ from: 2, to: 5 });
    expect(underlineRange(at(4, 0), 10)).toEqual({ from: 4, to: 5 });
    expect(underlineRange(at(10, 0), 10)).toEqual({ from: 9, to: 10 });
    expect(underlineRange(at(8, 9), 10)).toEqual({ from: 8, to: 10 });
    expect(underlineRange(at(0, 0), 0)).toEqual({ from: 0, to: 0 });
  });
});
