import { describe, expect, it } from 'vitest';
import { formatResultLine, formatResultLines, formatResultsAsSent } from './result-row-format.js';

describe('formatResultLine', () => {
  it.each([
    ['a string as is', 'a,b "c"', 'a,b "c"'],
    ['a number', 2.5, '2.5'],
    ['a boolean', false, 'false'],
    ['null as an empty line', null, ''],
    ['an array as a CSV line', ['a', 1, true, null], 'a,1,true,'],
    [
      'CSV quoting where needed',
      ['a,b', 'say "hi"', 'two\nlines'],
      '"a,b","say ""hi""","two\nlines"',
    ],
    ['nested values as JSON', [{ k: 1 }, [2, 3]], '"{""k"":1}","[2,3]"'],
    ['an object as JSON', { id: 1, tags: ['x'] }, '{"id":1,"tags":["x"]}'],
  ])('formats %s', (_case, value, line) => {
    expect(formatResultLine(value)).toBe(line);
  });
});

describe('formatResultLines', () => {
  it('ends every result with a line end', () => {
    expect(formatResultLines(['a', 1, null, ['x', 'y']])).toBe('a\n1\n\nx,y\n');
    expect(formatResultLines(['a', '', 'b,c'])).toBe('a\n\nb,c\n');
    expect(formatResultLines([''])).toBe('\n');
    expect(formatResultLines([])).toBe('');
  });
});

describe('formatResultsAsSent', () => {
  it('formats results as the parent would after they crossed as JSON', () => {
    const date = new Date('2024-01-02T03:04:05.000Z');
    expect(
      formatResultsAsSent([
        'as is',
        NaN,
        undefined,
        date,
        [1, undefined, Infinity],
        { a: undefined },
      ]),
    ).toBe('as is\n\n\n2024-01-02T03:04:05.000Z\n1,,\n{}\n');
  });

  it('keeps strings as they are, one line each', () => {
    expect(formatResultsAsSent(['1,0.5,good', '2,0.1,bad'])).toBe('1,0.5,good\n2,0.1,bad\n');
  });

  it('throws for a value JSON cannot carry', () => {
    expect(() => formatResultsAsSent([1n])).toThrow(TypeError);
  });
});
