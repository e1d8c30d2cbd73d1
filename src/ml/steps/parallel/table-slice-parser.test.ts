import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseDelimitedRecords,
  parseHeaderColumns,
  parseJsonLines,
  parseTableSlice,
  type TableRow,
} from './table-slice-parser.js';

describe('parseDelimitedRecords', () => {
  it.each([
    [
      'plain CSV',
      'a,b\nc,d\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'CRLF line ends',
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'no newline at the end',
      'a,b\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'empty lines skipped',
      '\na,b\n\r\n\nc,d\n\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'empty fields kept',
      ',\na,,\n',
      [
        ['', ''],
        ['a', '', ''],
      ],
    ],
    ['quoted comma', '"a,b",c\n', [['a,b', 'c']]],
    ['doubled quote', '"say ""hi""",x\n', [['say "hi"', 'x']]],
    [
      'quoted newline',
      '1,"two\nlines"\n2,"x\r\ny"\r\n',
      [
        ['1', 'two\nlines'],
        ['2', 'x\r\ny'],
      ],
    ],
    ['quoted empty line at the end', '"a",""\n', [['a', '']]],
    ['trailing comma at the end', '"a",', [['a', '']]],
    [
      'quote inside an unquoted field is literal',
      'a,5\'11"\nb,c\n',
      [
        ['a', '5\'11"'],
        ['b', 'c'],
      ],
    ],
    ['text after a closing quote is kept', '"ab"c,d\n', [['abc', 'd']]],
  ])('CSV: %s', (_case, text, records) => {
    expect(parseDelimitedRecords(text, 'csv')).toEqual(records);
  });

  it('TSV has no quoting: quotes and commas are characters', () => {
    expect(parseDelimitedRecords('"a"\tb,c\n\nx\t""\r\n', 'tsv')).toEqual([
      ['"a"', 'b,c'],
      ['x', '""'],
    ]);
  });

  it('throws on a quoted field that is never closed', () => {
    expect(() => parseDelimitedRecords('a,"open\n', 'csv')).toThrow(/not closed/);
  });
});

describe('parseHeaderColumns', () => {
  it('drops a UTF-8 byte order mark and unquotes names', () => {
    expect(parseHeaderColumns('\uFEFFid,"full name"', 'csv')).toEqual(['id', 'full name']);
    expect(parseHeaderColumns('id\tname', 'tsv')).toEqual(['id', 'name']);
  });
});

describe('parseJsonLines', () => {
  it('parses one value per line and skips empty lines', () => {
    expect(parseJsonLines('{"a":1}\r\n\n[2]\n"x"')).toEqual([{ a: 1 }, [2], 'x']);
  });

  it('names the line that is not JSON', () => {
    expect(() => parseJsonLines('{"a":1}\n\n{oops\n')).toThrow(
      /line 3 of the mini-batch is not JSON/,
    );
  });
});

describe('parseTableSlice', () => {
  it('keys CSV values by column; a missing field is empty, an extra one dropped', () => {
    expect(parseTableSlice('1,Ann\n2\n3,Bo,extra\n', 'csv', ['id', 'name'], 3)).toEqual([
      { id: '1', name: 'Ann' },
      { id: '2', name: '' },
      { id: '3', name: 'Bo' },
    ]);
  });

  it('gives every row all columns in header order, however wide the table', () => {
    const columns = Array.from({ length: 40 }, (_, index) => `c${index}`);
    const line = (row: number) => columns.map((_, index) => `${row}.${index}`).join(',');
    const rows = parseTableSlice(`${line(1)}\n${line(2)}\n`, 'csv', columns, 2) as TableRow[];
    for (const [index, row] of rows.entries()) {
      expect(Object.keys(row)).toEqual(columns);
      expect(row['c39']).toBe(`${index + 1}.39`);
    }
  });

  it('keeps the last value of a repeated column and a __proto__ column as a value', () => {
    const [row] = parseTableSlice('1,2,3\n', 'csv', ['a', '__proto__', 'a'], 1) as TableRow[];
    expect(Object.keys(row ?? {})).toEqual(['a', '__proto__']);
    expect(row?.['a']).toBe('3');
    expect(Object.hasOwn(row ?? {}, '__proto__')).toBe(true);
    expect(row?.['__proto__']).toBe('2');
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it('gives unquoted CSV and TSV rows as the records parseDelimitedRecords gives, keyed', () => {
    const columns = ['a', 'b', 'c'];
    const field = fc.stringMatching(/^[a-z0-9 .é-]{0,15}$/);
    const line = fc.array(field, { maxLength: 5 });
    const ending = fc.constantFrom('\n', '\r\n');
    fc.assert(
      fc.property(
        fc.constantFrom('csv' as const, 'tsv' as const),
        fc.array(fc.tuple(line, ending), { maxLength: 8 }),
        fc.boolean(),
        (format, lines, lastEnds) => {
          const delimiter = format === 'csv' ? ',' : '\t';
          const joined = lines.map(([fields, end]) => fields.join(delimiter) + end).join('');
          const text = lastEnds ? joined : joined.replace(/\r?\n$/, '');
          const records = parseDelimitedRecords(text, format);
          const expected = records.map((fields) =>
            Object.fromEntries(columns.map((name, index) => [name, fields[index] ?? ''])),
          );
          expect(parseTableSlice(text, format, columns, records.length)).toEqual(expected);
        },
      ),
    );
  });

  it('gives JSON Lines values as parsed', () => {
    expect(parseTableSlice('{"id":1,"ok":true}\n', 'jsonl', null, 1)).toEqual([
      { id: 1, ok: true },
    ]);
  });

  it('reports a row count that differs from the partitioner’s', () => {
    expect(() => parseTableSlice('a,5\'11"\nb,c\n', 'csv', ['x', 'y'], 1)).toThrow(
      /parsed into 2 rows where the partitioner counted 1; a quote inside an unquoted CSV field/,
    );
  });
});
