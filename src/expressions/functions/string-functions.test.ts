import { describe, expect, it } from 'vitest';
import { runCases } from '../../../test/support/expression-cases.js';
import type { EvaluationContext } from '../context.js';
import { evaluateTemplate } from '../index.js';
import { BinaryValue, type Value, type ValueObject } from '../values.js';
import { EXAMPLE_CONTEXT } from './example-context.js';
import { MAX_STRING_LENGTH } from './string-functions.js';
import { isWhiteSpace, toLowerInvariant, toUpperInvariant, trimWhiteSpace } from './string-case.js';

/** Values built directly, so that a Float such as 2.0 stays a Float. */
const CONTEXT: EvaluationContext = {
  ...EXAMPLE_CONTEXT,
  variables: Object.freeze({
    float: 2,
    half: 0.5,
    big: 1e21,
    flag: true,
    nothing: null,
    list: Object.freeze(['a', 1n]),
    record: Object.freeze({ id: 7n, tags: Object.freeze(['x']) }),
    blob: new BinaryValue(new TextEncoder().encode('hi'), 'text/plain'),
    half1: 'x'.repeat(MAX_STRING_LENGTH / 2),
    hundredK: 'x'.repeat(100_000),
    long: 'y'.repeat(1_100),
  } satisfies Record<string, Value>) as ValueObject,
};

function withGuid(guid: string): EvaluationContext {
  return { ...EXAMPLE_CONTEXT, newGuid: () => guid };
}

describe('concat', () => {
  runCases(
    [
      ["@concat('Hello', 'World')", '"HelloWorld"'],
      ["@concat('only')", '"only"'],
      ["@concat('a', '', 'b')", '"ab"'],
      ["@concat('', '')", '""'],
      ["@concat('Baba', '''s ', 'book store')", '"Baba\'s book store"'],
      ["@concat('n=', 42, ' ', -7)", '"n=42 -7"'],
      ["@concat('f=', variables('float'))", '"f=2"'],
      ["@concat('f=', variables('half'))", '"f=0.5"'],
      ["@concat('f=', variables('big'))", '"f=1E+21"'],
      ["@concat('b=', variables('flag'), '/', false)", '"b=True/False"'],
      ["@concat('x', null, 'y')", '"xy"'],
      ["@concat('x', variables('nothing'))", '"x"'],
      ["@concat('list=', variables('list'))", '"list=[\\"a\\",1]"'],
      ["@concat('rec=', variables('record'))", '"rec={\\"id\\":7,\\"tags\\":[\\"x\\"]}"'],
      ["@concat('bin=', variables('blob'))", '"bin=hi"'],
      ["@concat('😀', 'é')", '"😀é"'],
      ['@concat()', { error: 'EXPR_ARGUMENT_COUNT', column: 2 }],
      ["@concat(variables('half1'), variables('half1'), 'x')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ],
    CONTEXT,
  );

  it('builds a string of exactly the limit', () => {
    const result = evaluateTemplate("@concat(variables('half1'), variables('half1'))", CONTEXT);
    expect(result.ok && typeof result.value === 'string' && result.value.length).toBe(
      MAX_STRING_LENGTH,
    );
  });
});

describe('endsWith', () => {
  runCases([
    ["@endsWith('hello world', 'world')", 'true'],
    ["@endsWith('hello world', 'universe')", 'false'],
    ["@endsWith('hello world', 'WORLD')", 'true'],
    ["@endsWith('HELLO WORLD', 'world')", 'true'],
    ["@endsWith('hello world', '')", 'true'],
    ["@endsWith('', '')", 'true'],
    ["@endsWith('', 'a')", 'false'],
    ["@endsWith('abc', 'xabc')", 'false'],
    ["@endsWith('straße', 'SSE')", 'false'],
    ["@endsWith('ΟΔΟΣ', 'σ')", 'true'],
    ["@endsWith('file.ÇSV', 'çsv')", 'true'],
    ["@endsWith(123, '3')", { error: 'EXPR_ARGUMENT_TYPE', column: 11 }],
    ["@endsWith('abc', null)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@endsWith('abc')", { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@endsWith('abc', 'c', 'd')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('guid', () => {
  const guid = '0F8FAD5B-D9CB-469F-A165-70867728950E';
  runCases(
    [
      ['@guid()', '"0f8fad5b-d9cb-469f-a165-70867728950e"'],
      ["@guid('D')", '"0f8fad5b-d9cb-469f-a165-70867728950e"'],
      ["@guid('d')", '"0f8fad5b-d9cb-469f-a165-70867728950e"'],
      ["@guid('')", '"0f8fad5b-d9cb-469f-a165-70867728950e"'],
      ["@guid('N')", '"0f8fad5bd9cb469fa16570867728950e"'],
      ["@guid('n')", '"0f8fad5bd9cb469fa16570867728950e"'],
      ["@guid('B')", '"{0f8fad5b-d9cb-469f-a165-70867728950e}"'],
      ["@guid('P')", '"(0f8fad5b-d9cb-469f-a165-70867728950e)"'],
      ["@guid('X')", '"{0x0f8fad5b,0xd9cb,0x469f,{0xa1,0x65,0x70,0x86,0x77,0x28,0x95,0x0e}}"'],
      ["@guid('x')", '"{0x0f8fad5b,0xd9cb,0x469f,{0xa1,0x65,0x70,0x86,0x77,0x28,0x95,0x0e}}"'],
      ["@guid('Q')", { error: 'EXPR_INVALID_FORMAT', column: 7 }],
      ["@guid('DD')", { error: 'EXPR_INVALID_FORMAT' }],
      ["@guid(' D')", { error: 'EXPR_INVALID_FORMAT' }],
      ['@guid(1)', { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@guid(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@guid('N', 'D')", { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    withGuid(guid),
  );

  runCases([['@guid()', { error: 'EXPR_INTERNAL' }]], withGuid('not-a-guid'));

  it('uses crypto.randomUUID without a GUID source, a new value each time', () => {
    const context: EvaluationContext = { ...EXAMPLE_CONTEXT, newGuid: undefined };
    const first = evaluateTemplate('@guid()', context);
    const second = evaluateTemplate('@guid()', context);
    expect(first.ok && first.value).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first.ok && first.value).not.toBe(second.ok && second.value);
  });
});

describe('indexOf', () => {
  runCases([
    ["@indexOf('hello world', 'world')", '6'],
    ["@indexOf('hello world', 'WORLD')", '6'],
    ["@indexOf('HELLO WORLD', 'o w')", '4'],
    ["@indexOf('hello world', 'o')", '4'],
    ["@indexOf('hello world', 'universe')", '-1'],
    ["@indexOf('hello world', '')", '0'],
    ["@indexOf('', '')", '0'],
    ["@indexOf('', 'a')", '-1'],
    ["@indexOf('ab', 'abc')", '-1'],
    ["@indexOf('😀abc', 'B')", '3'],
    ["@indexOf('ÉCOLE école', 'éc')", '0'],
    ["@indexOf('Straße', 'SS')", '-1'],
    ["@indexOf(pipeline().parameters.folder, '/')", '3'],
    ["@indexOf(null, 'a')", { error: 'EXPR_ARGUMENT_TYPE', column: 10 }],
    ["@indexOf('a', 1)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@indexOf('a')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('lastIndexOf', () => {
  runCases([
    ["@lastIndexOf('hello world hello world', 'world')", '18'],
    ["@lastIndexOf('hello world hello world', 'WORLD')", '18'],
    ["@lastIndexOf('hello world', 'o')", '7'],
    ["@lastIndexOf('hello world', 'x')", '-1'],
    ["@lastIndexOf('hello world hello world', '')", '22'],
    ["@lastIndexOf('a', '')", '0'],
    ["@lastIndexOf('', '')", '0'],
    ["@lastIndexOf('', 'a')", '-1'],
    ["@lastIndexOf('aaa', 'aa')", '1'],
    ["@lastIndexOf('ab', 'abc')", '-1'],
    ["@lastIndexOf('x😀x😀', '😀')", '4'],
    ["@lastIndexOf(1, '1')", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@lastIndexOf('a', null)", { error: 'EXPR_ARGUMENT_TYPE', column: 19 }],
    ["@lastIndexOf('a', 'b', 'c')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('nthIndexOf', () => {
  runCases([
    ["@nthIndexOf('123456789123465789', '1', 1)", '0'],
    ["@nthIndexOf('123456789123465789', '1', 2)", '9'],
    ["@nthIndexOf('123456789123465789', '12', 2)", '9'],
    ["@nthIndexOf('123456789123465789', '6', 4)", '-1'],
    ["@nthIndexOf('123456789123465789', '1', 3)", '-1'],
    ["@nthIndexOf('123456789123465789', '1', -1)", '9'],
    ["@nthIndexOf('123456789123465789', '1', -2)", '0'],
    ["@nthIndexOf('123456789123465789', '1', -3)", '-1'],
    ["@nthIndexOf('123456789123465789', '89', -1)", '16'],
    ["@nthIndexOf('a.B.c', 'b', 1)", '2'],
    ["@nthIndexOf('aaaa', 'aa', 2)", '1'],
    ["@nthIndexOf('aaaa', 'aa', 3)", '2'],
    ["@nthIndexOf('aaaa', 'aa', 4)", '-1'],
    ["@nthIndexOf('aaaa', 'aa', -2)", '1'],
    ["@nthIndexOf('aaaa', 'aa', -3)", '0'],
    ["@nthIndexOf('aaaa', 'aa', -4)", '-1'],
    ["@nthIndexOf('abc', '', 1)", '0'],
    ["@nthIndexOf('abc', '', 4)", '3'],
    ["@nthIndexOf('abc', '', 5)", '-1'],
    ["@nthIndexOf('abc', '', -1)", '2'],
    ["@nthIndexOf('abc', '', -3)", '0'],
    ["@nthIndexOf('abc', '', -4)", '-1'],
    ["@nthIndexOf('', '', 1)", '0'],
    ["@nthIndexOf('', 'a', 1)", '-1'],
    ["@nthIndexOf('ab', 'abc', 1)", '-1'],
    ["@nthIndexOf('a/b', '/', 9223372036854775807)", '-1'],
    ["@nthIndexOf('a/b', '/', -9223372036854775808)", '-1'],
    ["@nthIndexOf('a/b', '/', 0)", { error: 'EXPR_INVALID_ARGUMENT', column: 25 }],
    ["@nthIndexOf('a/b', '/', 1.0)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@nthIndexOf('a/b', '/', '1')", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@nthIndexOf('a/b', '/')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('replace', () => {
  runCases(
    [
      ["@replace('the old string', 'old', 'new')", '"the new string"'],
      ["@replace('a-b-c', '-', '_')", '"a_b_c"'],
      ["@replace('a-b-c', '-', '')", '"abc"'],
      ["@replace('aaa', 'aa', 'b')", '"ba"'],
      ["@replace('the OLD string', 'old', 'new')", '"the OLD string"'],
      ["@replace('abc', 'x', 'y')", '"abc"'],
      ["@replace('', 'x', 'y')", '""'],
      ["@replace('a.b', '.', '$&$$')", '"a$&$$b"'],
      ["@replace('😀 x 😀', '😀', ':)')", '":) x :)"'],
      ["@replace('abc', '', 'x')", { error: 'EXPR_INVALID_ARGUMENT', column: 17 }],
      ["@replace('abc', 'b', null)", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@replace(variables('list'), 'a', 'b')", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@replace('abc', 'b')", { error: 'EXPR_ARGUMENT_COUNT' }],
      [
        "@replace(variables('hundredK'), 'x', variables('long'))",
        { error: 'EXPR_INVALID_ARGUMENT' },
      ],
      ["@length(replace(variables('hundredK'), 'x', 'yy'))", '200000'],
    ],
    CONTEXT,
  );
});

describe('split', () => {
  runCases([
    ["@split('a_b_c', '_')", '["a","b","c"]'],
    ["@split('a_b_c', ' ')", '["a_b_c"]'],
    ["@split('a,,b,', ',')", '["a","","b",""]'],
    ["@split(',', ',')", '["",""]'],
    ["@split('', ',')", '[""]'],
    ["@split('a--b--c', '--')", '["a","b","c"]'],
    ["@split('aXbxc', 'x')", '["aXb","c"]'],
    ["@split('abc', '')", '["abc"]'],
    ["@split('😀|é', '|')", '["😀","é"]'],
    ["@split(null, ',')", { error: 'EXPR_ARGUMENT_TYPE', column: 8 }],
    ["@split('a,b', 1)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@split('a,b')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);

  it('returns a frozen array', () => {
    const result = evaluateTemplate("@split('a,b', ',')", EXAMPLE_CONTEXT);
    expect(result.ok && Object.isFrozen(result.value)).toBe(true);
  });
});

describe('startsWith', () => {
  runCases([
    ["@startsWith('hello world', 'hello')", 'true'],
    ["@startsWith('hello world', 'greetings')", 'false'],
    ["@startsWith('hello world', 'HELLO')", 'true'],
    ["@startsWith('Hello', 'hELLO')", 'true'],
    ["@startsWith('hello', '')", 'true'],
    ["@startsWith('', '')", 'true'],
    ["@startsWith('', 'a')", 'false'],
    ["@startsWith('ab', 'abc')", 'false'],
    ["@startsWith('Ärger', 'äR')", 'true'],
    ["@startsWith('ı', 'I')", 'false'],
    ["@startsWith(true, 't')", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@startsWith('a', null)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@startsWith()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('substring', () => {
  runCases([
    ["@substring('hello world', 6, 5)", '"world"'],
    ["@substring('hello world', 6)", '"world"'],
    ["@substring('hello world', 0, 0)", '""'],
    ["@substring('hello world', 0, 11)", '"hello world"'],
    ["@substring('hello world', 11)", '""'],
    ["@substring('hello world', 11, 0)", '""'],
    ["@substring('', 0)", '""'],
    ["@substring('', 0, 0)", '""'],
    ["@substring('😀ab', 2)", '"ab"'],
    ["@substring('hello', 3, 3)", { error: 'EXPR_INDEX_OUT_OF_RANGE', column: 24 }],
    ["@substring('hello', 6)", { error: 'EXPR_INDEX_OUT_OF_RANGE', column: 21 }],
    ["@substring('hello', -1, 2)", { error: 'EXPR_INDEX_OUT_OF_RANGE' }],
    ["@substring('hello', 1, -1)", { error: 'EXPR_INDEX_OUT_OF_RANGE' }],
    ["@substring('hello', 1, 9223372036854775807)", { error: 'EXPR_INDEX_OUT_OF_RANGE' }],
    ["@substring('hello', 9223372036854775807)", { error: 'EXPR_INDEX_OUT_OF_RANGE' }],
    ["@substring('hello', 1.0, 2)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@substring('hello', '1')", { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@substring(null, 0)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@substring('hello')", { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@substring('hello', 1, 2, 3)", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);

  it('says what to do when startIndex + length is too large', () => {
    const result = evaluateTemplate("@substring('hello', 3, 4)", EXAMPLE_CONTEXT);
    expect(result.ok ? '' : result.error.message).toContain('startIndex + length (7)');
  });
});

describe('toLower', () => {
  runCases([
    ["@toLower('Hello World')", '"hello world"'],
    ["@toLower('ÄÖÜ ÉÈ')", '"äöü éè"'],
    ["@toLower('ΟΔΟΣ')", '"οδοσ"'],
    ["@toLower('İ')", '"İ"'],
    ["@toLower('I')", '"i"'],
    ["@toLower('𐐀')", '"𐐨"'],
    ["@toLower('')", '""'],
    ["@toLower('123-_')", '"123-_"'],
    ['@toLower(1)', { error: 'EXPR_ARGUMENT_TYPE', column: 10 }],
    ['@toLower(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@toLower('a', 'b')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('toUpper', () => {
  runCases([
    ["@toUpper('Hello World')", '"HELLO WORLD"'],
    ["@toUpper('äöü éè')", '"ÄÖÜ ÉÈ"'],
    ["@toUpper('straße')", '"STRAßE"'],
    ["@toUpper('ŉ ǰ ﬁ')", '"ŉ ǰ ﬁ"'],
    ["@toUpper('ᾳ')", '"ᾼ"'],
    ["@toUpper('ı')", '"ı"'],
    ["@toUpper('i')", '"I"'],
    ["@toUpper('ſ')", '"S"'],
    ["@toUpper('𐐨')", '"𐐀"'],
    ["@toUpper('')", '""'],
    ['@toUpper(true)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@toUpper()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);

  it('keeps the length of every string, as .NET does', () => {
    for (let code = 0; code < 0x10000; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      expect(toUpperInvariant(char).length).toBe(1);
      expect(toLowerInvariant(char).length).toBe(1);
    }
  });

  it('leaves lone surrogates alone', () => {
    expect(toUpperInvariant('a\ud800b')).toBe('A\ud800B');
    expect(toLowerInvariant('\udc00A')).toBe('\udc00a');
  });

  it('maps long non-ASCII strings', () => {
    const text = 'ä'.repeat(20_000);
    expect(toUpperInvariant(text)).toBe('Ä'.repeat(20_000));
  });
});

describe('trim', () => {
  runCases([
    ["@trim(' Hello World  ')", '"Hello World"'],
    ["@trim('no-space')", '"no-space"'],
    ["@trim('   ')", '""'],
    ["@trim('')", '""'],
    ["@trim('\t\r\n a b \n')", '"a b"'],
    ["@trim('\u00a0\u2003x\u3000\u0085')", '"x"'],
    ["@trim('\ufeffx\ufeff')", '"\ufeffx\ufeff"'],
    ["@trim('\u200bx')", '"\u200bx"'],
    ['@trim(null)', { error: 'EXPR_ARGUMENT_TYPE', column: 7 }],
    ['@trim(1)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@trim('a', 'b')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);

  it("treats exactly .NET's white space as white space", () => {
    const dotNet = [
      0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
      0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f,
      0x3000,
    ];
    const found: number[] = [];
    for (let code = 0; code < 0x10000; code++) if (isWhiteSpace(code)) found.push(code);
    expect(found).toEqual(dotNet);
    expect(trimWhiteSpace('abc')).toBe('abc');
  });
});
