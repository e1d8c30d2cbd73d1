import { describe, expect, it } from 'vitest';
import {
  defaultValueText,
  parseDefaultValue,
  pipelineNameProblem,
  sameJson,
} from './pipeline-resource.js';

describe('pipeline names', () => {
  it('accepts what Data Factory accepts, spaces and dashes included', () => {
    expect(pipelineNameProblem('Load sales-2024_v2')).toBeUndefined();
    expect(pipelineNameProblem('_x')).toBeUndefined();
  });

  it('refuses what the server refuses', () => {
    expect(pipelineNameProblem('')).toMatch(/needs a name/);
    expect(pipelineNameProblem('-x')).toMatch(/starts with/);
    expect(pipelineNameProblem('a.b')).toMatch(/cannot hold/);
    expect(pipelineNameProblem('a/b')).toMatch(/cannot hold/);
    expect(pipelineNameProblem('x'.repeat(261))).toMatch(/at most 260/);
  });

  it('refuses a name taken in another letter case', () => {
    expect(pipelineNameProblem('scoreloans', ['ScoreLoans'])).toBe(
      "A pipeline named 'ScoreLoans' already exists.",
    );
  });
});

describe('default values', () => {
  it.each([
    ['String', 'hello', 'hello'],
    ['SecureString', ' x ', ' x '],
    ['Int', '42', 42],
    ['Float', '0.5', 0.5],
    ['Bool', 'true', true],
    ['Boolean', 'false', false],
    ['Array', '["a", 1]', ['a', 1]],
    ['Object', '{"a": 1}', { a: 1 }],
  ])('reads a %s default from %j', (type, text, value) => {
    expect(parseDefaultValue(type, text)).toEqual({ ok: true, value });
  });

  it.each([
    ['Int', '4.5'],
    ['Float', 'abc'],
    ['Bool', 'yes'],
    ['Array', '{"a": 1}'],
    ['Object', '[1]'],
    ['Object', '{'],
  ])('refuses a %s default of %j with a hint', (type, text) => {
    const parsed = parseDefaultValue(type, text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(/^Write /);
  });

  it('treats empty text as no default and writes values back as text', () => {
    expect(parseDefaultValue('Int', '')).toEqual({ ok: true, value: undefined });
    expect(defaultValueText('a')).toBe('a');
    expect(defaultValueText(3)).toBe('3');
    expect(defaultValueText(['a'])).toBe('["a"]');
    expect(defaultValueText(undefined)).toBe('');
  });
});

describe('sameJson', () => {
  it('ignores key order but not array order or values', () => {
    expect(sameJson({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: [1, 2] }, { a: 1, b: [2, 1] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});
