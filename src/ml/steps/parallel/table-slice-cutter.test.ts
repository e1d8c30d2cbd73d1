import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TableSliceCutter, type SliceRule, type TableSlice } from './table-slice-cutter.js';

/** Cuts `text` (all data, no header) fed in chunks of the given sizes. */
function cut(text: string, rule: SliceRule, chunkSizes: readonly number[] = [], quoteAware = true) {
  const bytes = Buffer.from(text);
  const cutter = new TableSliceCutter(rule, 0, quoteAware);
  const slices: TableSlice[] = [];
  let offset = 0;
  for (const size of chunkSizes) {
    if (offset >= bytes.length) break;
    const chunk = bytes.subarray(offset, offset + size);
    slices.push(...cutter.push(chunk, offset));
    offset += chunk.length;
  }
  if (offset < bytes.length) slices.push(...cutter.push(bytes.subarray(offset), offset));
  slices.push(...cutter.finish());
  return slices.map((slice) => ({
    ...slice,
    text: bytes.subarray(slice.start, slice.end).toString(),
  }));
}

describe('TableSliceCutter', () => {
  it('cuts every N rows, the last slice holding the rest', () => {
    expect(cut('a\nb\nc\nd\ne\n', { unit: 'rows', value: 2 })).toEqual([
      { start: 0, end: 4, rowCount: 2, text: 'a\nb\n' },
      { start: 4, end: 8, rowCount: 2, text: 'c\nd\n' },
      { start: 8, end: 10, rowCount: 1, text: 'e\n' },
    ]);
  });

  it('counts a last row without a newline', () => {
    expect(cut('a\nb', { unit: 'rows', value: 5 })).toEqual([
      { start: 0, end: 3, rowCount: 2, text: 'a\nb' },
    ]);
  });

  it('does not count empty lines (LF or CRLF) as rows, and drops trailing ones', () => {
    expect(cut('a\r\n\r\n\nb\r\n\n\r\n', { unit: 'rows', value: 1 })).toEqual([
      { start: 0, end: 3, rowCount: 1, text: 'a\r\n' },
      { start: 3, end: 9, rowCount: 1, text: '\r\n\nb\r\n' },
    ]);
  });

  it('cuts by bytes at the first row end at least N bytes in', () => {
    expect(cut('aaaa\nbb\ncccccc\nd\n', { unit: 'bytes', value: 6 })).toEqual([
      { start: 0, end: 8, rowCount: 2, text: 'aaaa\nbb\n' },
      { start: 8, end: 15, rowCount: 1, text: 'cccccc\n' },
      { start: 15, end: 17, rowCount: 1, text: 'd\n' },
    ]);
  });

  it('keeps a CSV row whose quoted field holds newlines whole', () => {
    expect(cut('1,"two\nlines"\n2,"x ""y""\nz"\n3,c\n', { unit: 'rows', value: 1 })).toEqual([
      { start: 0, end: 14, rowCount: 1, text: '1,"two\nlines"\n' },
      { start: 14, end: 28, rowCount: 1, text: '2,"x ""y""\nz"\n' },
      { start: 28, end: 32, rowCount: 1, text: '3,c\n' },
    ]);
  });

  it('takes quotes literally when not quote-aware (TSV, JSON Lines)', () => {
    expect(cut('"a\n"b\n', { unit: 'rows', value: 1 }, [], false).map((s) => s.text)).toEqual([
      '"a\n',
      '"b\n',
    ]);
  });

  it('refuses chunks out of order and sizes that are not positive integers', () => {
    const cutter = new TableSliceCutter({ unit: 'rows', value: 1 }, 10, true);
    expect(() => cutter.push(Buffer.from('a\n'), 0)).toThrow(/expected 10/);
    expect(() => new TableSliceCutter({ unit: 'rows', value: 0 }, 0, true)).toThrow(RangeError);
    expect(() => new TableSliceCutter({ unit: 'bytes', value: 1.5 }, 0, true)).toThrow(RangeError);
  });

  const line = fc.oneof(
    fc.constant(''),
    fc.constant('\r'),
    fc.stringMatching(/^[a-z,]{1,8}$/),
    fc.stringMatching(/^[a-z]{0,3}$/).map((word) => `"${word}\n${word}",x`),
  );
  const table = fc
    .array(line, { maxLength: 30 })
    .chain((lines) =>
      fc.boolean().map((trailingNewline) => lines.join('\n') + (trailingNewline ? '\n' : '')),
    );
  const rule = fc.record({
    unit: fc.constantFrom('rows' as const, 'bytes' as const),
    value: fc.integer({ min: 1, max: 12 }),
  });
  const chunks = fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 40 });

  it('cuts the same slices however the stream is chunked', () => {
    fc.assert(
      fc.property(table, rule, chunks, (text, sliceRule, sizes) => {
        expect(cut(text, sliceRule, sizes)).toEqual(cut(text, sliceRule));
      }),
    );
  });

  it('covers every row once, in line-aligned slices of the asked size', () => {
    fc.assert(
      fc.property(table, rule, (text, sliceRule) => {
        const slices = cut(text, sliceRule);
        const rows = slices.reduce((sum, slice) => sum + slice.rowCount, 0);
        const expectedRows = text
          .replace(/"[^"]*"/g, 'q')
          .split('\n')
          .filter((physical) => physical !== '' && physical !== '\r').length;
        expect(rows).toBe(expectedRows);
        slices.forEach((slice, index) => {
          expect(slice.rowCount).toBeGreaterThan(0);
          if (index > 0) expect(slice.start).toBe(slices[index - 1]?.end);
          if (index < slices.length - 1) {
            expect(slice.text.endsWith('\n')).toBe(true);
            if (sliceRule.unit === 'rows') expect(slice.rowCount).toBe(sliceRule.value);
            else expect(slice.end - slice.start).toBeGreaterThanOrEqual(sliceRule.value);
          }
        });
      }),
    );
  });
});
