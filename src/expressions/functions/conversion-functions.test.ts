import { describe, expect, it } from 'vitest';
import { runCases } from '../../../test/support/expression-cases.js';
import { evaluateTemplate, type Value } from '../index.js';
import { BinaryValue } from '../values.js';
import { EXAMPLE_CONTEXT } from './example-context.js';

const PRODUCE =
  '\'<?xml version="1.0"?><produce><item><name expired="true">Gala</name><count>20</count></item><item><name>Honeycrisp</name><count>10</count></item></produce>\'';

function evaluate(expression: string): Value {
  const result = evaluateTemplate(expression, EXAMPLE_CONTEXT);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function errorMessage(expression: string): string {
  const result = evaluateTemplate(expression, EXAMPLE_CONTEXT);
  return result.ok ? 'no error' : result.error.message;
}

describe('array', () => {
  runCases([
    ["@array('hello')", '["hello"]'],
    ['@array(pipeline().parameters.regions)', '[["north","south"]]'],
    ['@array(null)', '[null]'],
    ["@array('')", '[""]'],
    ['@array(json(\'{"a": 1}\'))', '[{"a":1}]'],
    ['@array()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@array('a', 'b')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('createArray', () => {
  runCases([
    ["@createArray('h', 'e', 'l', 'l', 'o')", '["h","e","l","l","o"]'],
    ["@createArray(1, 'two', 3.5, true, null)", '[1,"two",3.5,true,null]'],
    ["@createArray('only')", '["only"]'],
    ['@createArray(createArray(1, 2), createArray())', { error: 'EXPR_ARGUMENT_COUNT' }],
    ['@createArray(createArray(1, 2), array(3))', '[[1,2],[3]]'],
    ["@length(createArray(variables('files'), item()))", '2'],
    ['@createArray()', { error: 'EXPR_ARGUMENT_COUNT', column: 2 }],
  ]);
});

describe('coalesce', () => {
  runCases([
    ['@coalesce(null, true, false)', 'true'],
    ["@coalesce(null, 'hello', 'world')", '"hello"'],
    ['@coalesce(null, null, null)', 'null'],
    ['@coalesce(null)', 'null'],
    ["@coalesce('', 'fallback')", '""'],
    ['@coalesce(createArray(null), 1)', '[null]'],
    ["@coalesce(json('{}'), 1)", '{}'],
    ['@coalesce(0, 1)', '0'],
    ['@coalesce(item()?.owner, pipeline().parameters.folder)', '"raw/loans"'],
    // Lazy: once a value is found, later arguments (here an undeclared variable) are not evaluated.
    ["@coalesce('first', variables('undeclared'))", '"first"'],
    ["@coalesce(null, variables('undeclared'))", { error: 'EXPR_UNKNOWN_VARIABLE', column: 27 }],
    ['@coalesce()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('base64', () => {
  runCases([
    ["@base64('hello')", '"aGVsbG8="'],
    ["@base64('')", '""'],
    ["@base64('é😀')", '"w6nwn5iA"'],
    ["@base64(binary('hello'))", '"aGVsbG8="'],
    ["@base64(base64ToBinary('AP8='))", '"AP8="'],
    ['@base64(1)', { error: 'EXPR_ARGUMENT_TYPE', column: 9 }],
    ['@base64(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@base64(createArray(1))', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@base64('a', 'b')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('base64ToBinary', () => {
  runCases([
    [
      "@base64ToBinary('aGVsbG8=')",
      '{"$content-type":"application/octet-stream","$content":"aGVsbG8="}',
    ],
    ["@base64ToBinary('')", '{"$content-type":"application/octet-stream","$content":""}'],
    [
      "@base64ToBinary(' aGVs\nbG8= ')",
      '{"$content-type":"application/octet-stream","$content":"aGVsbG8="}',
    ],
    ["@base64ToBinary('AP8=')", '{"$content-type":"application/octet-stream","$content":"AP8="}'],
    ["@base64ToBinary('aGVsbG8')", { error: 'EXPR_INVALID_ARGUMENT', column: 17 }],
    ["@base64ToBinary('aGVs-G8=')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@base64ToBinary('a===')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ['@base64ToBinary(1)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@base64ToBinary()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('base64ToString', () => {
  runCases([
    ["@base64ToString('aGVsbG8=')", '"hello"'],
    ["@base64ToString('')", '""'],
    ["@base64ToString(base64('Ünïcödé 😀'))", '"Ünïcödé 😀"'],
    ["@base64ToString('/w==')", '"\uFFFD"'],
    ["@base64ToString('aGVsbG8')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@base64ToString('aGVsbG8=aGVs')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@base64ToString('héllo===')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@base64ToString(binary('aGVsbG8='))", { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@base64ToString(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@base64ToString('a', 'b')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('decodeBase64', () => {
  runCases([
    ["@decodeBase64('aGVsbG8=')", '"hello"'],
    ["@decodeBase64('')", '""'],
    ["@decodeBase64(base64('naïve'))", '"naïve"'],
    ["@decodeBase64('not base64!')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ['@decodeBase64(12)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@decodeBase64()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('binary', () => {
  runCases([
    ["@binary('hello')", '{"$content-type":"application/octet-stream","$content":"aGVsbG8="}'],
    ["@binary('')", '{"$content-type":"application/octet-stream","$content":""}'],
    ["@binary('é')", '{"$content-type":"application/octet-stream","$content":"w6k="}'],
    [
      "@binary(xml('<a/>'))",
      '{"$content-type":"application/xml;charset=utf-8","$content":"PGEvPg=="}',
    ],
    ["@string(binary('round trip'))", '"round trip"'],
    ['@binary(10)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@binary(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@binary()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('bool', () => {
  runCases([
    ['@bool(1)', 'true'],
    ['@bool(0)', 'false'],
    ['@bool(-1)', 'true'],
    ['@bool(0.0)', 'false'],
    ['@bool(0.25)', 'true'],
    ['@bool(true)', 'true'],
    ['@bool(false)', 'false'],
    ["@bool('true')", 'true'],
    ["@bool('false')", 'false'],
    ["@bool('TRUE')", 'true'],
    ["@bool(' False ')", 'false'],
    ["@bool('yes')", { error: 'EXPR_INVALID_CONVERSION', column: 7 }],
    ["@bool('1')", { error: 'EXPR_INVALID_CONVERSION' }],
    ["@bool('')", { error: 'EXPR_INVALID_CONVERSION' }],
    ['@bool(null)', { error: 'EXPR_INVALID_CONVERSION' }],
    ['@bool(createArray(1))', { error: 'EXPR_INVALID_CONVERSION' }],
    ['@bool(json(\'{"a": true}\'))', { error: 'EXPR_INVALID_CONVERSION' }],
    ['@bool()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ['@bool(1, 0)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('dataUri', () => {
  runCases([
    ["@dataUri('hello')", '"data:text/plain;charset=utf-8;base64,aGVsbG8="'],
    ["@dataUri('')", '"data:text/plain;charset=utf-8;base64,"'],
    ["@dataUri('é')", '"data:text/plain;charset=utf-8;base64,w6k="'],
    ["@dataUri(xml('<a/>'))", '"data:application/xml;charset=utf-8;base64,PGEvPg=="'],
    ["@dataUri(base64ToBinary('AP8='))", '"data:application/octet-stream;base64,AP8="'],
    ['@dataUri(1)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@dataUri(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@dataUri()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('dataUriToBinary', () => {
  runCases([
    [
      "@dataUriToBinary('data:text/plain;charset=utf-8;base64,aGVsbG8=')",
      '{"$content-type":"text/plain;charset=utf-8","$content":"aGVsbG8="}',
    ],
    [
      "@dataUriToBinary('data:,hello%20world')",
      '{"$content-type":"text/plain;charset=US-ASCII","$content":"aGVsbG8gd29ybGQ="}',
    ],
    [
      "@dataUriToBinary('data:;charset=utf-8,x')",
      '{"$content-type":"text/plain;charset=utf-8","$content":"eA=="}',
    ],
    [
      "@dataUriToBinary('DATA:image/png;BASE64,AP8=')",
      '{"$content-type":"image/png","$content":"AP8="}',
    ],
    [
      "@dataUriToBinary('data:application/json,')",
      '{"$content-type":"application/json","$content":""}',
    ],
    [
      "@dataUriToBinary(dataUri(xml('<a/>')))",
      '{"$content-type":"application/xml;charset=utf-8","$content":"PGEvPg=="}',
    ],
    ["@dataUriToBinary('hello')", { error: 'EXPR_INVALID_ARGUMENT', column: 18 }],
    ["@dataUriToBinary('data:text/plain;base64')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@dataUriToBinary('data:;base64,aGVsbG8')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@dataUriToBinary('data:,100%')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ['@dataUriToBinary(1)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@dataUriToBinary()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('decodeDataUri', () => {
  runCases([
    [
      "@decodeDataUri('data:text/plain;charset=utf-8;base64,aGVsbG8=')",
      '{"$content-type":"text/plain;charset=utf-8","$content":"aGVsbG8="}',
    ],
    ["@decodeDataUri('data:,')", '{"$content-type":"text/plain;charset=US-ASCII","$content":""}'],
    ["@decodeDataUri('aGVsbG8=')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ['@decodeDataUri(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@decodeDataUri('a', 'b')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('dataUriToString', () => {
  runCases([
    ["@dataUriToString('data:text/plain;charset=utf-8;base64,aGVsbG8=')", '"hello"'],
    ["@dataUriToString(dataUri('Zürich 😀'))", '"Zürich 😀"'],
    ["@dataUriToString('data:,raw%2Floans')", '"raw/loans"'],
    ["@dataUriToString('data:,')", '""'],
    ["@dataUriToString('data:text/plain;base64,%3D%3D%3D%3D')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@dataUriToString('text/plain,hello')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ['@dataUriToString(true)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@dataUriToString()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('uriComponent', () => {
  runCases([
    ["@uriComponent('https://contoso.com')", '"https%3A%2F%2Fcontoso.com"'],
    ["@uriComponent('')", '""'],
    ["@uriComponent('AZaz09-_.~')", '"AZaz09-_.~"'],
    ["@uriComponent('a b+c&d=e?f#g%h')", '"a%20b%2Bc%26d%3De%3Ff%23g%25h"'],
    ["@uriComponent('!*''()')", '"%21%2A%27%28%29"'],
    ["@uriComponent('é€😀')", '"%C3%A9%E2%82%AC%F0%9F%98%80"'],
    [
      "@uriComponent(concat(pipeline().parameters.folder, '/', item().name))",
      '"raw%2Floans%2Fa.csv"',
    ],
    ['@uriComponent(1)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@uriComponent(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@uriComponent()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('encodeUriComponent', () => {
  runCases([
    ["@encodeUriComponent('https://contoso.com')", '"https%3A%2F%2Fcontoso.com"'],
    ["@encodeUriComponent('')", '""'],
    ["@encodeUriComponent('line\n')", '"line%0A"'],
    ["@encodeUriComponent('ü')", '"%C3%BC"'],
    ['@encodeUriComponent(createArray())', { error: 'EXPR_ARGUMENT_COUNT' }],
    ['@encodeUriComponent(createArray(1))', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@encodeUriComponent('a', 'b')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('uriComponentToString', () => {
  runCases([
    ["@uriComponentToString('https%3A%2F%2Fcontoso.com')", '"https://contoso.com"'],
    ["@uriComponentToString('')", '""'],
    ["@uriComponentToString('no escapes')", '"no escapes"'],
    ["@uriComponentToString('a+b')", '"a+b"'],
    ["@uriComponentToString('%c3%a9%F0%9F%98%80')", '"é😀"'],
    ["@uriComponentToString(uriComponent('x/y ü'))", '"x/y ü"'],
    ["@uriComponentToString('100%')", { error: 'EXPR_INVALID_ARGUMENT', column: 23 }],
    ["@uriComponentToString('%zz')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@uriComponentToString('%4')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@uriComponentToString('%C3')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ['@uriComponentToString(1)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@uriComponentToString()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('decodeUriComponent', () => {
  runCases([
    ["@decodeUriComponent('https%3A%2F%2Fcontoso.com')", '"https://contoso.com"'],
    ["@decodeUriComponent('')", '""'],
    ["@decodeUriComponent('%E2%82%AC%20100')", '"€ 100"'],
    ["@decodeUriComponent('%%')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@decodeUriComponent('%FF')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ['@decodeUriComponent(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@decodeUriComponent('a', 'b')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('uriComponentToBinary', () => {
  runCases([
    [
      "@uriComponentToBinary('hello%20world')",
      '{"$content-type":"application/octet-stream","$content":"aGVsbG8gd29ybGQ="}',
    ],
    ["@uriComponentToBinary('')", '{"$content-type":"application/octet-stream","$content":""}'],
    [
      "@uriComponentToBinary('%00%FF')",
      '{"$content-type":"application/octet-stream","$content":"AP8="}',
    ],
    [
      "@uriComponentToBinary('é')",
      '{"$content-type":"application/octet-stream","$content":"w6k="}',
    ],
    ["@uriComponentToBinary('%G0')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@uriComponentToBinary('abc%')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ['@uriComponentToBinary(1.5)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@uriComponentToBinary()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('int', () => {
  runCases([
    ["@int('10')", '10'],
    ["@int('-42')", '-42'],
    ["@int('+7')", '7'],
    ["@int(' 15 ')", '15'],
    ["@int('007')", '7'],
    ["@int('-0')", '0'],
    ["@int('9223372036854775807')", '9223372036854775807'],
    ["@int('-9223372036854775808')", '-9223372036854775808'],
    ['@int(42)', '42'],
    ['@int(2.5)', '2'],
    ['@int(3.5)', '4'],
    ['@int(-2.5)', '-2'],
    ['@int(10.4)', '10'],
    ['@int(-10.6)', '-11'],
    ['@int(pipeline().parameters.threshold)', '0'],
    ["@int('10.5')", { error: 'EXPR_INVALID_CONVERSION', column: 6 }],
    ["@int('1e3')", { error: 'EXPR_INVALID_CONVERSION' }],
    ["@int('1,000')", { error: 'EXPR_INVALID_CONVERSION' }],
    ["@int('0x10')", { error: 'EXPR_INVALID_CONVERSION' }],
    ["@int('')", { error: 'EXPR_INVALID_CONVERSION' }],
    ["@int('ten')", { error: 'EXPR_INVALID_CONVERSION' }],
    ["@int('- 1')", { error: 'EXPR_INVALID_CONVERSION' }],
    ["@int('9223372036854775808')", { error: 'EXPR_OVERFLOW' }],
    ["@int('-9223372036854775809')", { error: 'EXPR_OVERFLOW' }],
    ['@int(1e19)', { error: 'EXPR_OVERFLOW' }],
    ["@int(float('-1e19'))", { error: 'EXPR_OVERFLOW' }],
    ['@int(true)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@int(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@int(createArray(1))', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@int()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('float', () => {
  runCases([
    ["@float('10.333')", '10.333'],
    ["@float('10')", '10.0'],
    ["@float('-0.5')", '-0.5'],
    ["@float('.5')", '0.5'],
    ["@float('5.')", '5.0'],
    ["@float('1.5E+3')", '1500.0'],
    ["@float('2e-3')", '0.002'],
    ["@float(' 7.25 ')", '7.25'],
    ["@float('1,234.5')", '1234.5'],
    ['@float(3)', '3.0'],
    ['@float(2.5)', '2.5'],
    ['@float(9007199254740993)', '9007199254740992.0'],
    ["@float('10,5')", '105.0'],
    ["@float('10.5.1')", { error: 'EXPR_INVALID_CONVERSION', column: 8 }],
    ["@float('')", { error: 'EXPR_INVALID_CONVERSION' }],
    ["@float('abc')", { error: 'EXPR_INVALID_CONVERSION' }],
    ["@float(',5')", { error: 'EXPR_INVALID_CONVERSION' }],
    ["@float('1e')", { error: 'EXPR_INVALID_CONVERSION' }],
    ["@float('NaN')", { error: 'EXPR_INVALID_CONVERSION' }],
    ["@float('1e309')", { error: 'EXPR_OVERFLOW' }],
    ['@float(false)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@float(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@float('1', '2')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('string', () => {
  runCases([
    ['@string(10)', '"10"'],
    ['@string(-3)', '"-3"'],
    ['@string(2.50)', '"2.5"'],
    ['@string(3.0)', '"3"'],
    ['@string(true)', '"True"'],
    ['@string(false)', '"False"'],
    ['@string(null)', '""'],
    ["@string('already')", '"already"'],
    ['@string(pipeline().parameters.regions)', '"[\\"north\\",\\"south\\"]"'],
    [
      '@string(json(\'{"name": "Sophie Owen", "n": 1}\'))',
      '"{\\"name\\":\\"Sophie Owen\\",\\"n\\":1}"',
    ],
    ["@string(binary('bytes é'))", '"bytes é"'],
    ['@string()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ['@string(1, 2)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('json', () => {
  runCases([
    ["@json('[1, 2, 3]')", '[1,2,3]'],
    ['@json(\'{"fullName": "Sophia Owen"}\')', '{"fullName":"Sophia Owen"}'],
    ['@json(\'"text"\')', '"text"'],
    ["@json(' 42 ')", '42'],
    ["@json('null')", 'null'],
    ["@json('true')", 'true'],
    ["@json('{}')", '{}'],
    ["@json('[]')", '[]'],
    ["@json('-0')", '0'],
    ["@json('1.0')", '1.0'],
    ["@json('1E2')", '100.0'],
    ["@json('-1.5e-3')", '-0.0015'],
    ["@json('9007199254740993')", '9007199254740993'],
    [
      "@json('[9223372036854775807, -9223372036854775808]')",
      '[9223372036854775807,-9223372036854775808]',
    ],
    ['@add(json(\'{"big": 9007199254740993}\').big, 1)', '9007199254740994'],
    ['@json(\'{"a": {"b": [true, null, "x"]}}\').a.b[2]', '"x"'],
    ['@json(\'"\\u00e9\\n\\t\\"\\\\\\/"\')', '"é\\n\\t\\"\\\\/"'],
    ['@json(\'"\\ud83d\\ude00"\')', '"😀"'],
    ['@json(\'{"a": 1, "a": 2}\')', '{"a":2}'],
    ['@json(\'{"__proto__": {"x": 1}}\')', '{"__proto__":{"x":1}}'],
    ['@json(\'"Zürich"\')', '"Zürich"'],
    ['@json(null)', '{}'],
    ["@json(binary('[1]'))", '[1]'],
    ["@json(dataUriToBinary('data:application/json,%7B%22a%22%3A1%7D'))", '{"a":1}'],
    ["@json('')", { error: 'EXPR_INVALID_JSON', column: 7 }],
    ['@json(\'{"a": 1,}\')', { error: 'EXPR_INVALID_JSON' }],
    ["@json('[1 2]')", { error: 'EXPR_INVALID_JSON' }],
    ["@json('{''a'': 1}')", { error: 'EXPR_INVALID_JSON' }],
    ["@json('{a: 1}')", { error: 'EXPR_INVALID_JSON' }],
    ["@json('[1, 2')", { error: 'EXPR_INVALID_JSON' }],
    ["@json('\"unterminated')", { error: 'EXPR_INVALID_JSON' }],
    ["@json('01')", { error: 'EXPR_INVALID_JSON' }],
    ["@json('1.')", { error: 'EXPR_INVALID_JSON' }],
    ["@json('+1')", { error: 'EXPR_INVALID_JSON' }],
    ["@json('tru')", { error: 'EXPR_INVALID_JSON' }],
    ["@json('NaN')", { error: 'EXPR_INVALID_JSON' }],
    ['@json(\'"bad \\x escape"\')', { error: 'EXPR_INVALID_JSON' }],
    ['@json(\'"\\u12"\')', { error: 'EXPR_INVALID_JSON' }],
    ["@json('{} {}')", { error: 'EXPR_INVALID_JSON' }],
    ['@json(\'{"n": 9223372036854775808}\')', { error: 'EXPR_OVERFLOW' }],
    ["@json('1e999')", { error: 'EXPR_OVERFLOW' }],
    ['@json(1)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@json(json('{}'))", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@json(createArray('[1]'))", { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@json()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);

  describe('from XML', () => {
    runCases([
      [
        '@json(xml(\'<?xml version="1.0"?> <root> <person id="1"> <name>Sophia Owen</name> <occupation>Engineer</occupation> </person> </root>\'))',
        '{"?xml":{"@version":"1.0"},"root":{"person":{"@id":"1","name":"Sophia Owen","occupation":"Engineer"}}}',
      ],
      [
        '@json(xml(\'<?xml version="1.0"?><root><person id="1"><name>Sophia Owen</name></person><person id="2"><name>John Doe</name></person></root>\'))',
        '{"?xml":{"@version":"1.0"},"root":{"person":[{"@id":"1","name":"Sophia Owen"},{"@id":"2","name":"John Doe"}]}}',
      ],
      [
        '@json(xml(\'<?xml version="1.0" encoding="utf-8" standalone="yes"?><a>1</a>\'))',
        '{"?xml":{"@version":"1.0","@encoding":"utf-8","@standalone":"yes"},"a":"1"}',
      ],
      ["@json(xml('<a/>'))", '{"a":null}'],
      ["@json(xml('<a>  </a>'))", '{"a":""}'],
      ["@json(xml('<a></a>'))", '{"a":""}'],
      [
        '@json(xml(\'<r><a x="/>" /><b\n/><c></c ></r>\'))',
        '{"r":{"a":{"@x":"/>"},"b":null,"c":""}}',
      ],
      ["@json(xml('<r>\r\n  <a/>\r\n  <b></b>\r\n</r>'))", '{"r":{"a":null,"b":""}}'],
      ["@json(xml('<a>line 1\r\nline 2</a>'))", '{"a":"line 1\\nline 2"}'],
      ["@json(xml('<a>x &amp; y</a>'))", '{"a":"x & y"}'],
      ["@json(xml('<a><b>1</b><c>2</c><b>3</b></a>'))", '{"a":{"b":["1","3"],"c":"2"}}'],
      ["@json(xml('<p>one<br/>two</p>'))", '{"p":{"#text":["one","two"],"br":null}}'],
      ['@json(xml(\'<a k="v">text</a>\'))', '{"a":{"@k":"v","#text":"text"}}'],
      ["@json(xml('<a><![CDATA[x < y]]></a>'))", '{"a":{"#cdata-section":"x < y"}}'],
      ["@json(xml('<a><!-- note --><b>1</b></a>'))", '{"a":{"b":"1"}}'],
      ['@json(xml(\'<a xmlns="urn:x"><b>1</b></a>\'))', '{"a":{"@xmlns":"urn:x","b":"1"}}'],
      [
        '@json(xml(\'<p:a xmlns:p="urn:x"><p:b>1</p:b></p:a>\'))',
        '{"p:a":{"@xmlns:p":"urn:x","p:b":"1"}}',
      ],
      [
        '@json(xml(\'<?xml-stylesheet href="s.css"?><a/>\'))',
        '{"?xml-stylesheet":"href=\\"s.css\\"","a":null}',
      ],
      ["@json(xml('<a>Zürich 😀</a>'))", '{"a":"Zürich 😀"}'],
      ['@json(xml(json(\'{"a": {"@id": 1, "b": [1, 2]}}\')))', '{"a":{"@id":"1","b":["1","2"]}}'],
    ]);
  });
});

describe('xml', () => {
  runCases([
    [
      "@xml('<name>Sophia Owen</name>')",
      '{"$content-type":"application/xml;charset=utf-8","$content":"PG5hbWU+U29waGlhIE93ZW48L25hbWU+"}',
    ],
    ['@string(xml(json(\'{ "name": "Sophia Owen" }\')))', '"<name>Sophia Owen</name>"'],
    [
      '@string(xml(json(\'{"person": {"name": "Sophia Owen", "city": "Seattle"}}\')))',
      '"<person><name>Sophia Owen</name><city>Seattle</city></person>"',
    ],
    ['@string(xml(\'{"a": {"b": "c"}}\'))', '"<a><b>c</b></a>"'],
    [
      '@string(xml(json(\'{"?xml": {"@version": "1.0"}, "root": {"@id": 7, "item": [1, 2.5, true, null, ""]}}\')))',
      '"<?xml version=\\"1.0\\"?><root id=\\"7\\"><item>1</item><item>2.5</item><item>true</item><item /><item></item></root>"',
    ],
    [
      '@string(xml(json(\'{"a": {"@q": "say \\"hi\\" & <go>", "#text": "1 < 2 & 3 > 2"}}\')))',
      '"<a q=\\"say &quot;hi&quot; &amp; &lt;go&gt;\\">1 &lt; 2 &amp; 3 &gt; 2</a>"',
    ],
    [
      '@string(xml(json(\'{"a": {"#cdata-section": "x]]>y"}}\')))',
      '"<a><![CDATA[x]]]]><![CDATA[>y]]></a>"',
    ],
    ['@string(xml(json(\'{"a": {"b": [], "c": {}}}\')))', '"<a><c /></a>"'],
    [
      '@string(xml(json(\'{"p:a": {"@xmlns:p": "urn:x", "p:b": 1}}\')))',
      '"<p:a xmlns:p=\\"urn:x\\"><p:b>1</p:b></p:a>"',
    ],
    ['@string(xml(json(\'{"a": "Zürich 😀"}\')))', '"<a>Zürich 😀</a>"'],
    ["@string(xml('  <a>kept as written</a>'))", '"  <a>kept as written</a>"'],
    [
      "@xml(binary('<a/>'))",
      '{"$content-type":"application/xml;charset=utf-8","$content":"PGEvPg=="}',
    ],
    ["@string(xml(xml('<a/>')))", '"<a/>"'],
    ["@xml('<a><b>1</a>')", { error: 'EXPR_INVALID_XML', column: 6 }],
    ["@xml('not xml')", { error: 'EXPR_INVALID_XML' }],
    ["@xml('')", { error: 'EXPR_INVALID_XML' }],
    ["@xml('<a/><b/>')", { error: 'EXPR_INVALID_XML' }],
    ["@xml('<a x=1/>')", { error: 'EXPR_INVALID_XML' }],
    ["@xml('<a>&nbsp;</a>')", { error: 'EXPR_INVALID_XML' }],
    ['@xml(\'<a b="1" b="2"/>\')', { error: 'EXPR_INVALID_XML' }],
    ["@xml(binary('<a>'))", { error: 'EXPR_INVALID_XML' }],
    ['@xml(json(\'{"a": 1, "b": 2}\'))', { error: 'EXPR_INVALID_XML' }],
    ["@xml(json('{}'))", { error: 'EXPR_INVALID_XML' }],
    ['@xml(json(\'{"a": [1, 2]}\'))', { error: 'EXPR_INVALID_XML' }],
    ['@xml(json(\'{"@id": 1, "a": 2}\'))', { error: 'EXPR_INVALID_XML' }],
    ['@xml(json(\'{"first name": 1}\'))', { error: 'EXPR_INVALID_XML' }],
    ['@xml(json(\'{"1st": 1}\'))', { error: 'EXPR_INVALID_XML' }],
    ['@xml(json(\'{"p:a": 1}\'))', { error: 'EXPR_INVALID_XML' }],
    ['@xml(json(\'{"a": {"@b": {"c": 1}}}\'))', { error: 'EXPR_INVALID_XML' }],
    ['@xml(json(\'{"a": [[1]]}\'))', { error: 'EXPR_INVALID_XML' }],
    ['@xml(json(\'{"a": "bell \\u0007"}\'))', { error: 'EXPR_INVALID_XML' }],
    ['@xml(\'{"a": 1,}\')', { error: 'EXPR_INVALID_JSON' }],
    ['@xml(1)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@xml(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@xml(createArray('<a/>'))", { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@xml()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('xpath', () => {
  runCases([
    [`@xpath(xml(${PRODUCE}), 'sum(/produce/item/count)')`, '30.0'],
    [`@xpath(xml(${PRODUCE}), 'count(/produce/item)')`, '2.0'],
    [
      `@xpath(xml(${PRODUCE}), '/produce/item/name')`,
      '["<name expired=\\"true\\">Gala</name>","<name>Honeycrisp</name>"]',
    ],
    [`@xpath(xml(${PRODUCE}), '/produce/item/name[last()]/text()')`, '["Gala","Honeycrisp"]'],
    [`@xpath(xml(${PRODUCE}), '/produce/item[last()]/name/text()')`, '["Honeycrisp"]'],
    [`@xpath(xml(${PRODUCE}), '//name[@expired]/text()')`, '["Gala"]'],
    [`@xpath(xml(${PRODUCE}), '//name/@expired')`, '["true"]'],
    [`@xpath(xml(${PRODUCE}), '//missing')`, '[]'],
    [`@xpath(xml(${PRODUCE}), 'string(/produce/item[2]/name)')`, '"Honeycrisp"'],
    [`@xpath(xml(${PRODUCE}), 'count(//item) > 1')`, 'true'],
    [`@xpath(xml(${PRODUCE}), 'number(//name)')`, '"NaN"'],
    [`@first(xpath(xml(${PRODUCE}), '//count/text()'))`, '"20"'],
    [
      '@xpath(xml(\'<?xml version="1.0"?><file xmlns="https://contoso.com"><location>Paris</location></file>\'), \'/*[name()="file"]/*[name()="location"]\')',
      '["<location xmlns=\\"https://contoso.com\\">Paris</location>"]',
    ],
    [
      '@xpath(xml(\'<file xmlns="https://contoso.com"><location>Paris</location></file>\'), \'string(/*[local-name()="file" and namespace-uri()="https://contoso.com"]/*[local-name()="location"])\')',
      '"Paris"',
    ],
    ["@xpath('<a><b>1</b></a>', '/a/b')", '["<b>1</b>"]'],
    ["@xpath(xml('<a>Zürich</a>'), 'string(/a)')", '"Zürich"'],
    ['@xpath(xml(json(\'{"r": {"v": [3, 4]}}\')), \'sum(//v)\')', '7.0'],
    ["@xpath(xml('<a/>'), '/a[')", { error: 'EXPR_INVALID_XML', column: 21 }],
    ["@xpath(xml('<a/>'), 'unknown(/a)')", { error: 'EXPR_INVALID_XML' }],
    ["@xpath(xml('<a/>'), '/p:a')", { error: 'EXPR_INVALID_XML' }],
    ["@xpath('<a>', '/a')", { error: 'EXPR_INVALID_XML', column: 8 }],
    ["@xpath('', '/a')", { error: 'EXPR_INVALID_XML' }],
    ["@xpath(1, '/a')", { error: 'EXPR_ARGUMENT_TYPE', column: 8 }],
    ["@xpath(json('{\"a\": 1}'), '/a')", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@xpath(xml('<a/>'), 1)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@xpath(xml('<a/>'))", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('values the conversion functions build', () => {
  it('freezes parsed JSON objects and arrays', () => {
    const parsed = evaluate('@json(\'{"a": [1, {"b": 2}]}\')') as { a: readonly [bigint, object] };
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.isFrozen(parsed.a)).toBe(true);
    expect(Object.isFrozen(parsed.a[1])).toBe(true);
    expect(parsed.a[0]).toBe(1n);
  });

  it('keeps integers beyond 2^53 exact and makes fractions Floats', () => {
    const parsed = evaluate("@json('[1.25e300, 1234567890123456789, 2.0]')") as readonly Value[];
    expect(parsed).toEqual([1.25e300, 1234567890123456789n, 2]);
    expect(typeof parsed[2]).toBe('number');
  });

  it('does not let a "__proto__" key change the prototype', () => {
    const parsed = evaluate('@json(\'{"__proto__": {"polluted": true}}\')') as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('freezes arrays from array, createArray and xpath', () => {
    expect(Object.isFrozen(evaluate("@array('a')"))).toBe(true);
    expect(Object.isFrozen(evaluate("@createArray('a', 'b')"))).toBe(true);
    expect(Object.isFrozen(evaluate("@xpath(xml('<a><b/></a>'), '/a/b')"))).toBe(true);
  });

  it('returns Binary values with the documented content types', () => {
    const xml = evaluate("@xml('<a/>')");
    expect(xml).toBeInstanceOf(BinaryValue);
    expect((xml as BinaryValue).contentType).toBe('application/xml;charset=utf-8');
    expect((evaluate("@binary('a')") as BinaryValue).contentType).toBe('application/octet-stream');
    expect((evaluate("@base64ToBinary('YQ==')") as BinaryValue).toText()).toBe('a');
  });

  it('names the position of a JSON syntax error inside the JSON text', () => {
    expect(errorMessage('@json(\'{"a": 1,\n  "b": }\')')).toContain('line 2, column 8');
    expect(errorMessage("@json('[1, 2')")).toContain('offset 5');
  });

  it('says what is wrong in conversion messages', () => {
    expect(errorMessage("@int('10.5')")).toContain("float('10.5')");
    expect(errorMessage("@xml('<a><b></a>')")).toMatch(/mismatch/i);
    expect(errorMessage("@uriComponentToString('50%')")).toContain('%25');
    expect(errorMessage("@base64ToString('abc')")).toContain('multiple of 4');
    expect(errorMessage('@xml(json(\'{"a": 1, "b": 2}\'))')).toContain('exactly one root element');
  });

  it('parses deeply nested JSON up to the limit and refuses deeper', () => {
    const nested = (depth: number) => `@json('${'['.repeat(depth)}${']'.repeat(depth)}')`;
    expect(evaluateTemplate(nested(512), EXAMPLE_CONTEXT).ok).toBe(true);
    const tooDeep = evaluateTemplate(nested(100_000), EXAMPLE_CONTEXT);
    expect(tooDeep.ok ? 'ok' : tooDeep.error.code).toBe('EXPR_INVALID_JSON');
  });

  it('refuses deeply nested XML without exhausting the stack', () => {
    const depth = 5_000;
    const xml = `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
    const result = evaluateTemplate(`@json(xml('${xml}'))`, EXAMPLE_CONTEXT);
    expect(result.ok ? 'ok' : result.error.code).toBe('EXPR_INVALID_XML');
  });
});
