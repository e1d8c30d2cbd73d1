import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from './line-splitter.js';

function linesOf(chunks: readonly string[]): string[] {
  const lines: string[] = [];
  const push = splitLines((line) => lines.push(line));
  for (const chunk of chunks) push(chunk);
  return lines;
}

describe('splitLines', () => {
  it('gives complete lines only, joining pieces across chunks', () => {
    expect(linesOf(['{"a":', '1}\n{"b"', ':2}\n{"c"'])).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('gives empty lines and several lines of one chunk in order', () => {
    expect(linesOf(['x\n\ny\n', '\n'])).toEqual(['x', '', 'y', '']);
  });

  it('gives the same lines however the text is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '\n', '{') }), { maxLength: 30 }),
        (chunks) => {
          const text = chunks.join('');
          const complete = text.slice(0, text.lastIndexOf('\n') + 1);
          const expected = complete === '' ? [] : complete.slice(0, -1).split('\n');
          expect(linesOf(chunks)).toEqual(expected);
        },
      ),
    );
  });
});
