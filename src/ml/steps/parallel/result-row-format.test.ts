import { describe, expect, it } from 'vitest';
import { formatResultLine } from './result-row-format.js';

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
