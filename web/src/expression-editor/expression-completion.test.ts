import { describe, expect, it } from 'vitest';
import { completeExpression, expressionStartAt } from './expression-completion.js';

const labels = (text: string, scope = {}) =>
  completeExpression(text, text.length, scope)?.options.map((option) => option.label);

describe('expressionStartAt', () => {
  it('finds the expression around the cursor', () => {
    expect(expressionStartAt('@conc', 5)).toBe(1);
    expect(expressionStartAt('a-@{con', 7)).toBe(4);
    expect(expressionStartAt('a-@{x()}-b', 10)).toBeUndefined();
    expect(expressionStartAt('plain', 5)).toBeUndefined();
    expect(expressionStartAt('@@conc', 6)).toBeUndefined();
    expect(expressionStartAt("@concat('co", 11)).toBeUndefined();
    expect(expressionStartAt("@concat('}', co", 15)).toBe(1);
    expect(expressionStartAt("x @{concat('}', co", 18)).toBe(4);
    expect(expressionStartAt('@@{x} @{co', 10)).toBe(8);
  });
});

describe('completeExpression', () => {
  it('offers functions where a value may start, with their signature', () => {
    const result = completeExpression('@conc', 5);
    expect(result?.from).toBe(1);
    const concat = result?.options.find((option) => option.label === 'concat');
    expect(concat).toMatchObject({
      kind: 'function',
      detail: 'concat(text: any...): String',
      apply: 'concat(',
    });
    expect(result?.options.find((option) => option.label === 'utcNow')?.apply).toBe('utcNow(');
    expect(result?.options.find((option) => option.label === 'pipeline')?.apply).toBe('pipeline()');
    expect(labels("@concat('a', ")).toContain('toUpper');
    expect(labels('x @{')).toContain('true');
  });

  it('offers the properties of pipeline() and the parameters', () => {
    expect(labels('@pipeline().')).toContain('RunId');
    expect(labels('@pipeline().parameters.', { parameters: ['batch', 'inputFile'] })).toEqual([
      'batch',
      'inputFile',
    ]);
    const result = completeExpression('@pipeline()?.parameters.inp', 27, {
      parameters: ['inputFile'],
    });
    expect(result).toEqual({ from: 24, options: [{ label: 'inputFile', kind: 'parameter' }] });
  });

  it('offers nothing in text, strings or after a value', () => {
    expect(labels('plain text')).toBeUndefined();
    expect(labels("@concat('ab")).toBeUndefined();
    expect(labels('@activity(1).output.')).toBeUndefined();
    expect(labels('@concat(1 ')).toBeUndefined();
  });
});
