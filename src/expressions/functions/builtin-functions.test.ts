import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderFunctionReference } from '../function-reference.js';
import { evaluateTemplate, stringifyJson } from '../index.js';
import { BUILTIN_FUNCTIONS, lookupFunction } from './builtin-functions.js';
import { EXAMPLE_CONTEXT } from './example-context.js';

/** The functions Data Factory's "Expressions and functions" reference documents, by family. */
const ADF_DOCUMENTED_FUNCTIONS = {
  string: [
    'concat',
    'endsWith',
    'guid',
    'indexOf',
    'lastIndexOf',
    'nthIndexOf',
    'replace',
    'split',
    'startsWith',
    'substring',
    'toLower',
    'toUpper',
    'trim',
  ],
  collection: [
    'contains',
    'empty',
    'first',
    'intersection',
    'join',
    'last',
    'length',
    'skip',
    'take',
    'union',
  ],
  logical: [
    'and',
    'equals',
    'greater',
    'greaterOrEquals',
    'if',
    'less',
    'lessOrEquals',
    'not',
    'or',
  ],
  conversion: [
    'array',
    'base64',
    'base64ToBinary',
    'base64ToString',
    'binary',
    'bool',
    'coalesce',
    'createArray',
    'dataUri',
    'dataUriToBinary',
    'dataUriToString',
    'decodeBase64',
    'decodeDataUri',
    'decodeUriComponent',
    'encodeUriComponent',
    'float',
    'int',
    'json',
    'string',
    'uriComponent',
    'uriComponentToBinary',
    'uriComponentToString',
    'xml',
    'xpath',
  ],
  math: ['add', 'div', 'max', 'min', 'mod', 'mul', 'rand', 'range', 'sub'],
  date: [
    'addDays',
    'addHours',
    'addMinutes',
    'addSeconds',
    'addToTime',
    'convertFromUtc',
    'convertTimeZone',
    'convertToUtc',
    'dayOfMonth',
    'dayOfWeek',
    'dayOfYear',
    'formatDateTime',
    'getFutureTime',
    'getPastTime',
    'startOfDay',
    'startOfHour',
    'startOfMonth',
    'subtractFromTime',
    'ticks',
    'utcNow',
  ],
  system: ['pipeline', 'variables', 'activity', 'item', 'trigger', 'linkedService', 'dataset'],
} as const;

describe('the built-in function catalogue', () => {
  for (const [family, names] of Object.entries(ADF_DOCUMENTED_FUNCTIONS)) {
    it.each(names)(`implements ADF's ${family} function %s in that family`, (name) => {
      const definition = lookupFunction(name);
      expect(definition?.name).toBe(name);
      expect(definition?.family).toBe(family);
    });
  }

  it('finds functions ignoring case', () => {
    expect(lookupFunction('FORMATDATETIME')?.name).toBe('formatDateTime');
  });
});

describe('documented examples', () => {
  const examples = BUILTIN_FUNCTIONS.flatMap((definition) =>
    definition.examples.map((example) => ({ name: definition.name, ...example })),
  );
  it.each(examples)('$name: $expression', ({ expression, result, matches }) => {
    const evaluated = evaluateTemplate(expression, EXAMPLE_CONTEXT);
    const text = evaluated.ok
      ? stringifyJson(evaluated.value)
      : `error ${evaluated.error.code}: ${evaluated.error.message}`;
    if (matches) expect(text).toMatch(matches);
    else expect(text).toBe(result);
  });

  it('declares a result or a pattern for every example', () => {
    expect(examples.filter((e) => (e.result === undefined) === (e.matches === undefined))).toEqual(
      [],
    );
  });
});

describe('docs/expressions.md', () => {
  it('is up to date with the implementation (run `npm run docs` to regenerate)', () => {
    const onDisk = readFileSync(new URL('../../../docs/expressions.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderFunctionReference());
  });

  it('shows no failing example', () => {
    expect(renderFunctionReference()).not.toMatch(/error EXPR_/);
  });
});
