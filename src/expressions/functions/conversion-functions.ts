import {
  EncodingProblem,
  base64ToBytes,
  bytesToBase64,
  escapeDataString,
  parseDataUri,
  unescapeDataString,
  unescapeToBytes,
  utf8Bytes,
  utf8Text,
} from './conversion-encoding.js';
import { JsonProblem, parseJsonText } from './conversion-json.js';
import {
  XML_CONTENT_TYPE,
  XmlProblem,
  evaluateXPath,
  isXmlContentType,
  jsonToXml,
  parseXml,
  parseXmlBinary,
  xmlToJson,
} from './conversion-xml.js';
import {
  defineFunctions,
  type CallSite,
  type EagerFunctionDefinition,
} from './function-definition.js';
import { valueToString } from '../value-to-string.js';
import { BinaryValue, INT64_MAX, INT64_MIN, isObject, typeOf, type Value } from '../values.js';

function kindOf(value: Value): string {
  return value === null ? 'null' : `of type ${typeOf(value)}`;
}

/** A string argument as messages quote it: cut after 60 characters. */
function quoted(text: string): string {
  return `'${text.length > 60 ? `${text.slice(0, 60)}…` : text}'`;
}

function wrongType(
  call: CallSite,
  expected: string,
  value: Value,
  index = 0,
  name = 'value',
): never {
  return call.fail(
    'EXPR_ARGUMENT_TYPE',
    `The function '${call.name}' expects its parameter ${index + 1} ('${name}') to be ${expected}, but it is ${kindOf(value)}.`,
    index,
  );
}

/** Runs a decoder and turns its {@link EncodingProblem} into EXPR_INVALID_ARGUMENT. */
function decoding<T>(call: CallSite, what: string, decode: () => T): T {
  try {
    return decode();
  } catch (problem) {
    if (problem instanceof EncodingProblem) {
      return call.fail(
        'EXPR_INVALID_ARGUMENT',
        `The function '${call.name}' cannot decode its argument as ${what}: ${problem.message}.`,
        0,
      );
    }
    throw problem;
  }
}

function textOrBytes(value: Value, call: CallSite): string | BinaryValue {
  if (typeof value === 'string' || value instanceof BinaryValue) return value;
  return wrongType(call, 'a String or a Binary', value);
}

// ---------------------------------------------------------------------------------------------
// Numbers and booleans, as .NET's Convert reads them with the invariant culture

/** `Int64.Parse` with NumberStyles.Integer: optional white space and sign around ASCII digits. */
const DOTNET_INTEGER = /^[\t-\r ]*([+-]?[0-9]+)[\t-\r \0]*$/;
/** `Double.Parse` with NumberStyles.Float | AllowThousands: ',' may group the integral digits. */
const DOTNET_FLOAT =
  /^[\t-\r ]*([+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)[\t-\r \0]*$/;
const DOTNET_BOOLEAN = /^[\s\0]*(true|false)[\s\0]*$/i;
const TWO_POW_63 = 2 ** 63;

function int64Range(): string {
  return `${INT64_MIN} to ${INT64_MAX}`;
}

/** `Convert.ToInt64(double)`: rounds to the nearest integer, halves to the even one. */
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction < 0.5) return floor;
  if (fraction > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

function toInt(value: Value, call: CallSite): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    const rounded = roundHalfToEven(value);
    if (!(rounded >= -TWO_POW_63 && rounded < TWO_POW_63)) {
      return call.fail(
        'EXPR_OVERFLOW',
        `The function 'int' cannot convert ${valueToString(value)}: it is outside the 64-bit Integer range (${int64Range()}).`,
        0,
      );
    }
    return BigInt(rounded);
  }
  if (typeof value !== 'string') return wrongType(call, 'a String, an Integer or a Float', value);
  const digits = DOTNET_INTEGER.exec(value)?.[1];
  if (digits === undefined) {
    const hint = DOTNET_FLOAT.test(value)
      ? ` For a number with a fraction or an exponent, convert with float() first: int(float(${quoted(value)})) rounds it.`
      : '';
    return call.fail(
      'EXPR_INVALID_CONVERSION',
      `The function 'int' cannot convert ${quoted(value)} to an Integer: it must be whole-number digits with an optional sign, without a decimal point, exponent or thousands separator.${hint}`,
      0,
    );
  }
  const int = BigInt(digits);
  if (int < INT64_MIN || int > INT64_MAX) {
    return call.fail(
      'EXPR_OVERFLOW',
      `The function 'int' cannot convert ${quoted(value)}: it is outside the 64-bit Integer range (${int64Range()}); use float() for an approximate value.`,
      0,
    );
  }
  return int;
}

function toFloat(value: Value, call: CallSite): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'string') return wrongType(call, 'a String, an Integer or a Float', value);
  const literal = DOTNET_FLOAT.exec(value)?.[1];
  if (literal === undefined) {
    return call.fail(
      'EXPR_INVALID_CONVERSION',
      `The function 'float' cannot convert ${quoted(value)} to a Float: it must be a number written with '.' as the decimal point (like '10.333', '-2.5E+3'), optionally grouped with ','.`,
      0,
    );
  }
  const float = Number(literal.includes(',') ? literal.replaceAll(',', '') : literal);
  if (!Number.isFinite(float)) {
    return call.fail(
      'EXPR_OVERFLOW',
      `The function 'float' cannot convert ${quoted(value)}: it is beyond the largest Float (about 1.8E+308).`,
      0,
    );
  }
  return float;
}

function toBool(value: Value, call: CallSite): boolean {
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'bigint':
      return value !== 0n;
    case 'number':
      return value !== 0;
    case 'string': {
      const word = DOTNET_BOOLEAN.exec(value)?.[1];
      if (word !== undefined) return word.length === 4;
      return call.fail(
        'EXPR_INVALID_CONVERSION',
        `The function 'bool' cannot convert ${quoted(value)} to a Boolean: only 'true' and 'false' (in any case) are Boolean strings; compare other strings with equals() instead.`,
        0,
      );
    }
    default:
      return call.fail(
        'EXPR_INVALID_CONVERSION',
        `The function 'bool' cannot convert ${value === null ? 'null' : `a value of type ${typeOf(value)}`} to a Boolean: it converts Booleans, numbers (0 is false) and the strings 'true' and 'false'.`,
        0,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// JSON and XML

function parseJson(text: string, call: CallSite): Value {
  try {
    return parseJsonText(text);
  } catch (problem) {
    if (!(problem instanceof JsonProblem)) throw problem;
    if (problem.kind === 'overflow') {
      return call.fail(
        'EXPR_OVERFLOW',
        `The function '${call.name}' cannot read its JSON argument: ${problem.describe()}; quote the number to keep it as a string.`,
        0,
      );
    }
    return call.fail(
      'EXPR_INVALID_JSON',
      `The function '${call.name}' cannot parse its argument as JSON: ${problem.describe()}. JSON needs double-quoted strings and property names, and no trailing commas.`,
      0,
    );
  }
}

function xmlFailure(call: CallSite, problem: unknown, what: string, index: number): never {
  if (problem instanceof XmlProblem) {
    return call.fail(
      'EXPR_INVALID_XML',
      `The function '${call.name}' ${what}: ${problem.message}.`,
      index,
    );
  }
  throw problem;
}

function toJson(value: Value, call: CallSite): Value {
  if (typeof value === 'string') return parseJson(value, call);
  if (value instanceof BinaryValue) {
    if (!isXmlContentType(value.contentType)) return parseJson(value.toText(), call);
    try {
      return xmlToJson(parseXmlBinary(value));
    } catch (problem) {
      return xmlFailure(call, problem, 'cannot convert its XML argument to JSON', 0);
    }
  }
  if (value === null) return EMPTY_OBJECT;
  return wrongType(call, 'a String or an XML value', value);
}

const EMPTY_OBJECT: Value = Object.freeze({});

function objectToXml(value: Value, call: CallSite): BinaryValue {
  if (!isObject(value)) {
    return call.fail(
      'EXPR_INVALID_XML',
      `The function 'xml' can convert a JSON object with one root property, but the JSON is ${kindOf(value)}.`,
      0,
    );
  }
  try {
    return new BinaryValue(utf8Bytes(jsonToXml(value)), XML_CONTENT_TYPE);
  } catch (problem) {
    return xmlFailure(call, problem, 'cannot convert its JSON argument to XML', 0);
  }
}

const JSON_OBJECT_START = /^\s*\{/;

function toXml(value: Value, call: CallSite): BinaryValue {
  if (isObject(value)) return objectToXml(value, call);
  if (value instanceof BinaryValue) {
    try {
      parseXmlBinary(value);
    } catch (problem) {
      return xmlFailure(call, problem, 'needs well-formed XML', 0);
    }
    return value.contentType === XML_CONTENT_TYPE
      ? value
      : new BinaryValue(value.bytes, XML_CONTENT_TYPE);
  }
  if (typeof value !== 'string')
    return wrongType(call, 'a String of XML or JSON, an Object or a Binary', value);
  if (JSON_OBJECT_START.test(value)) return objectToXml(parseJson(value, call), call);
  try {
    parseXml(value);
  } catch (problem) {
    return xmlFailure(call, problem, 'needs well-formed XML with one root element', 0);
  }
  return new BinaryValue(utf8Bytes(value), XML_CONTENT_TYPE);
}

function xpath(xml: Value, expression: string, call: CallSite): Value {
  let document;
  try {
    if (xml instanceof BinaryValue) document = parseXmlBinary(xml);
    else if (typeof xml === 'string') document = parseXml(xml);
    else return wrongType(call, 'XML (the result of xml()) or a String of XML', xml, 0, 'xml');
  } catch (problem) {
    return xmlFailure(call, problem, 'needs well-formed XML', 0);
  }
  try {
    return evaluateXPath(document, expression);
  } catch (problem) {
    return xmlFailure(call, problem, 'cannot run its XPath', 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared implementations of the functions ADF documents under two names

const decodeBase64Text: EagerFunctionDefinition['evaluate'] = ([text], call) =>
  utf8Text(decoding(call, 'base64', () => base64ToBytes(text as string)));

const decodeDataUriBinary: EagerFunctionDefinition['evaluate'] = ([text], call) => {
  const { bytes, contentType } = decoding(call, 'a data URI', () => parseDataUri(text as string));
  return new BinaryValue(bytes, contentType);
};

const encodeComponent: EagerFunctionDefinition['evaluate'] = ([text]) =>
  escapeDataString(text as string);

const decodeComponent: EagerFunctionDefinition['evaluate'] = ([text], call) =>
  decoding(call, 'a URI component', () => unescapeDataString(text as string));

const PRODUCE_XML =
  "'<produce><item><name>Gala</name><count>20</count></item><item><name>Honeycrisp</name><count>10</count></item></produce>'";

/** ADF's conversion functions. */
export const conversionFunctions = defineFunctions([
  {
    name: 'array',
    family: 'conversion',
    summary: 'Wrap a single value in an array; use createArray() for several values.',
    params: [{ name: 'value', type: 'any' }],
    returns: 'Array',
    examples: [
      { expression: "@array('hello')", result: '["hello"]' },
      { expression: '@array(pipeline().parameters.folder)', result: '["raw/loans"]' },
    ],
    evaluate: ([value]) => Object.freeze([value as Value]),
  },
  {
    name: 'base64',
    family: 'conversion',
    summary: 'Encode a string (as UTF-8) or a binary value in base64.',
    params: [{ name: 'value', type: 'any' }],
    returns: 'String',
    examples: [
      { expression: "@base64('hello')", result: '"aGVsbG8="' },
      {
        expression: "@base64(concat(pipeline().parameters.folder, '/', item().name))",
        result: '"cmF3L2xvYW5zL2EuY3N2"',
      },
    ],
    evaluate: ([value], call) => {
      const input = textOrBytes(value as Value, call);
      return typeof input === 'string'
        ? Buffer.from(input, 'utf8').toString('base64')
        : input.toBase64();
    },
  },
  {
    name: 'base64ToBinary',
    family: 'conversion',
    summary: 'Decode a base64 string to a binary value (content type application/octet-stream).',
    params: [{ name: 'value', type: 'string' }],
    returns: 'Binary',
    examples: [
      {
        expression: "@base64ToBinary('aGVsbG8=')",
        result: '{"$content-type":"application/octet-stream","$content":"aGVsbG8="}',
      },
    ],
    evaluate: ([text], call) =>
      new BinaryValue(decoding(call, 'base64', () => base64ToBytes(text as string))),
  },
  {
    name: 'base64ToString',
    family: 'conversion',
    summary: 'Decode a base64 string and read the bytes as UTF-8 text.',
    params: [{ name: 'value', type: 'string' }],
    returns: 'String',
    examples: [{ expression: "@base64ToString('aGVsbG8=')", result: '"hello"' }],
    evaluate: decodeBase64Text,
  },
  {
    name: 'binary',
    family: 'conversion',
    summary:
      'Turn a string into a binary value holding its UTF-8 bytes (content type application/octet-stream).',
    params: [{ name: 'value', type: 'any' }],
    returns: 'Binary',
    examples: [
      {
        expression: "@binary('hello')",
        result: '{"$content-type":"application/octet-stream","$content":"aGVsbG8="}',
      },
    ],
    evaluate: ([value], call) => {
      const input = textOrBytes(value as Value, call);
      return typeof input === 'string' ? new BinaryValue(utf8Bytes(input)) : input;
    },
  },
  {
    name: 'bool',
    family: 'conversion',
    summary:
      "Convert a value to a Boolean: numbers are true unless zero, and the strings 'true' and 'false' (any case) are read as such.",
    params: [{ name: 'value', type: 'any' }],
    returns: 'Boolean',
    examples: [
      { expression: '@bool(1)', result: 'true' },
      { expression: '@bool(0)', result: 'false' },
      { expression: "@bool('False')", result: 'false' },
    ],
    evaluate: ([value], call) => toBool(value as Value, call),
  },
  {
    name: 'coalesce',
    family: 'conversion',
    summary:
      'Return the first argument that is not null (empty strings, arrays and objects count as values), or null when all are; later arguments are not evaluated.',
    params: [{ name: 'object', type: 'any', variadic: true }],
    returns: 'any',
    lazy: true,
    examples: [
      { expression: "@coalesce(item()?.owner, 'unassigned')", result: '"unassigned"' },
      { expression: "@coalesce(null, 'hello', 'world')", result: '"hello"' },
      { expression: '@coalesce(null, null)', result: 'null' },
    ],
    evaluate: (args) => {
      for (const arg of args) {
        const value = arg();
        if (value !== null) return value;
      }
      return null;
    },
  },
  {
    name: 'createArray',
    family: 'conversion',
    summary: 'Build an array from the arguments, in order.',
    params: [{ name: 'item', type: 'any', variadic: true }],
    returns: 'Array',
    examples: [
      { expression: "@createArray('h', 'e', 'l', 'l', 'o')", result: '["h","e","l","l","o"]' },
      {
        expression: "@createArray(item().name, 'b.csv', variables('counter'))",
        result: '["a.csv","b.csv",3]',
      },
    ],
    evaluate: (args) => Object.freeze(args.slice()),
  },
  {
    name: 'dataUri',
    family: 'conversion',
    summary:
      'Make a base64 data URI of a string (as UTF-8 text/plain) or of a binary value (with its content type).',
    params: [{ name: 'value', type: 'any' }],
    returns: 'String',
    examples: [
      {
        expression: "@dataUri('hello')",
        result: '"data:text/plain;charset=utf-8;base64,aGVsbG8="',
      },
      {
        expression: "@dataUri(xml('<a/>'))",
        result: '"data:application/xml;charset=utf-8;base64,PGEvPg=="',
      },
    ],
    evaluate: ([value], call) => {
      const input = textOrBytes(value as Value, call);
      if (typeof input === 'string')
        return `data:text/plain;charset=utf-8;base64,${bytesToBase64(utf8Bytes(input))}`;
      return `data:${input.contentType};base64,${input.toBase64()}`;
    },
  },
  {
    name: 'dataUriToBinary',
    family: 'conversion',
    summary:
      "Decode a data URI's content to a binary value whose content type is the URI's media type.",
    params: [{ name: 'value', type: 'string' }],
    returns: 'Binary',
    examples: [
      {
        expression: "@dataUriToBinary('data:text/plain;charset=utf-8;base64,aGVsbG8=')",
        result: '{"$content-type":"text/plain;charset=utf-8","$content":"aGVsbG8="}',
      },
    ],
    evaluate: decodeDataUriBinary,
  },
  {
    name: 'dataUriToString',
    family: 'conversion',
    summary: "Decode a data URI's content and read it as UTF-8 text.",
    params: [{ name: 'value', type: 'string' }],
    returns: 'String',
    examples: [
      {
        expression: "@dataUriToString('data:text/plain;charset=utf-8;base64,aGVsbG8=')",
        result: '"hello"',
      },
      { expression: "@dataUriToString('data:,raw%2Floans')", result: '"raw/loans"' },
    ],
    evaluate: ([text], call) =>
      utf8Text(decoding(call, 'a data URI', () => parseDataUri(text as string)).bytes),
  },
  {
    name: 'decodeBase64',
    family: 'conversion',
    summary:
      'Decode a base64 string and read the bytes as UTF-8 text (the older name of base64ToString).',
    params: [{ name: 'value', type: 'string' }],
    returns: 'String',
    examples: [{ expression: "@decodeBase64('aGVsbG8=')", result: '"hello"' }],
    evaluate: decodeBase64Text,
  },
  {
    name: 'decodeDataUri',
    family: 'conversion',
    summary: "Decode a data URI's content to a binary value (the older name of dataUriToBinary).",
    params: [{ name: 'value', type: 'string' }],
    returns: 'Binary',
    examples: [
      {
        expression: "@decodeDataUri('data:text/plain;charset=utf-8;base64,aGVsbG8=')",
        result: '{"$content-type":"text/plain;charset=utf-8","$content":"aGVsbG8="}',
      },
    ],
    evaluate: decodeDataUriBinary,
  },
  {
    name: 'decodeUriComponent',
    family: 'conversion',
    summary:
      'Replace the %XX escapes of a URI-encoded string with the characters they encode (as UTF-8).',
    params: [{ name: 'value', type: 'string' }],
    returns: 'String',
    examples: [
      {
        expression: "@decodeUriComponent('https%3A%2F%2Fcontoso.com')",
        result: '"https://contoso.com"',
      },
    ],
    evaluate: decodeComponent,
  },
  {
    name: 'encodeUriComponent',
    family: 'conversion',
    summary:
      'Percent-encode every character of a string except letters, digits and - _ . ~ (the older name of uriComponent).',
    params: [{ name: 'value', type: 'string' }],
    returns: 'String',
    examples: [
      {
        expression: "@encodeUriComponent('https://contoso.com')",
        result: '"https%3A%2F%2Fcontoso.com"',
      },
    ],
    evaluate: encodeComponent,
  },
  {
    name: 'float',
    family: 'conversion',
    summary:
      "Convert a string (with '.' as the decimal point, ',' allowed between integral digits) or a number to a Float.",
    params: [{ name: 'value', type: 'any' }],
    returns: 'Float',
    examples: [
      { expression: "@float('10.333')", result: '10.333' },
      { expression: '@float(pipeline().parameters.batchSize)', result: '100.0' },
    ],
    evaluate: ([value], call) => toFloat(value as Value, call),
  },
  {
    name: 'int',
    family: 'conversion',
    summary:
      'Convert a string of whole-number digits, or a number, to an Integer; Floats round to the nearest integer, halves to even.',
    params: [{ name: 'value', type: 'any' }],
    returns: 'Integer',
    examples: [
      { expression: "@int('10')", result: '10' },
      { expression: "@add(int('250'), variables('counter'))", result: '253' },
      { expression: '@int(2.5)', result: '2' },
    ],
    evaluate: ([value], call) => toInt(value as Value, call),
  },
  {
    name: 'json',
    family: 'conversion',
    summary:
      'Parse a JSON string into a value, or convert XML into JSON (attributes as @name, text beside elements as #text).',
    params: [{ name: 'value', type: 'any' }],
    returns: 'any',
    examples: [
      { expression: "@json('[1, 2, 3]')", result: '[1,2,3]' },
      {
        expression: '@json(\'{"fullName": "Sophia Owen", "age": 41}\').fullName',
        result: '"Sophia Owen"',
      },
      {
        expression:
          '@json(xml(\'<?xml version="1.0"?><root><person id="1"><name>Sophia Owen</name></person></root>\'))',
        result: '{"?xml":{"@version":"1.0"},"root":{"person":{"@id":"1","name":"Sophia Owen"}}}',
      },
    ],
    evaluate: ([value], call) => toJson(value as Value, call),
  },
  {
    name: 'string',
    family: 'conversion',
    summary:
      'Convert a value to a string: null becomes empty, Booleans True/False, arrays and objects compact JSON.',
    params: [{ name: 'value', type: 'any' }],
    returns: 'String',
    examples: [
      { expression: '@string(10)', result: '"10"' },
      {
        expression: '@string(pipeline().parameters.regions)',
        result: '"[\\"north\\",\\"south\\"]"',
      },
      { expression: '@string(true)', result: '"True"' },
    ],
    evaluate: ([value]) => valueToString(value as Value),
  },
  {
    name: 'uriComponent',
    family: 'conversion',
    summary:
      'Percent-encode every character of a string except letters, digits and - _ . ~, for use in a URL.',
    params: [{ name: 'value', type: 'string' }],
    returns: 'String',
    examples: [
      { expression: "@uriComponent('https://contoso.com')", result: '"https%3A%2F%2Fcontoso.com"' },
      {
        expression: "@uriComponent(concat(pipeline().parameters.folder, '/', item().name))",
        result: '"raw%2Floans%2Fa.csv"',
      },
    ],
    evaluate: encodeComponent,
  },
  {
    name: 'uriComponentToBinary',
    family: 'conversion',
    summary:
      'Decode the %XX escapes of a URI-encoded string to a binary value (content type application/octet-stream).',
    params: [{ name: 'value', type: 'string' }],
    returns: 'Binary',
    examples: [
      {
        expression: "@uriComponentToBinary('hello%20world')",
        result: '{"$content-type":"application/octet-stream","$content":"aGVsbG8gd29ybGQ="}',
      },
    ],
    evaluate: ([text], call) =>
      new BinaryValue(decoding(call, 'a URI component', () => unescapeToBytes(text as string))),
  },
  {
    name: 'uriComponentToString',
    family: 'conversion',
    summary:
      'Replace the %XX escapes of a URI-encoded string with the characters they encode (as UTF-8).',
    params: [{ name: 'value', type: 'string' }],
    returns: 'String',
    examples: [
      { expression: "@uriComponentToString('raw%2Floans%2Fa.csv')", result: '"raw/loans/a.csv"' },
    ],
    evaluate: decodeComponent,
  },
  {
    name: 'xml',
    family: 'conversion',
    summary:
      'Make an XML value (content type application/xml) from a string of XML, or from a JSON object with a single root property.',
    params: [{ name: 'value', type: 'any' }],
    returns: 'Binary',
    examples: [
      {
        expression: "@xml('<name>Sophia Owen</name>')",
        result:
          '{"$content-type":"application/xml;charset=utf-8","$content":"PG5hbWU+U29waGlhIE93ZW48L25hbWU+"}',
      },
      {
        expression:
          '@string(xml(json(\'{"person": {"name": "Sophia Owen", "city": "Seattle"}}\')))',
        result: '"<person><name>Sophia Owen</name><city>Seattle</city></person>"',
      },
    ],
    evaluate: ([value], call) => toXml(value as Value, call),
  },
  {
    name: 'xpath',
    family: 'conversion',
    summary:
      'Evaluate an XPath 1.0 expression on XML: matched nodes come back as an array (elements as XML text), computed values as a number, string or Boolean.',
    params: [
      { name: 'xml', type: 'any' },
      { name: 'xpath', type: 'string' },
    ],
    returns: 'Array | Float | String | Boolean',
    examples: [
      { expression: `@xpath(xml(${PRODUCE_XML}), 'sum(/produce/item/count)')`, result: '30.0' },
      {
        expression: `@xpath(xml(${PRODUCE_XML}), '/produce/item/name')`,
        result: '["<name>Gala</name>","<name>Honeycrisp</name>"]',
      },
      {
        expression: `@xpath(xml(${PRODUCE_XML}), 'string(/produce/item[2]/name)')`,
        result: '"Honeycrisp"',
      },
    ],
    evaluate: ([xml, expression], call) => xpath(xml as Value, expression as string, call),
  },
]);
