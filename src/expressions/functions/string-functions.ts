import { randomUUID } from 'node:crypto';
import { defineFunctions, type CallSite } from './function-definition.js';
import { foldCase, toLowerInvariant, toUpperInvariant, trimWhiteSpace } from './string-case.js';
import { valueToString } from '../value-to-string.js';

/** The longest string `concat`, `join` and `replace` may build (documented for the engine ADF shares with Logic Apps). */
export const MAX_STRING_LENGTH = 104_857_600;

function tooLong(length: number, call: CallSite): never {
  return call.fail(
    'EXPR_INVALID_ARGUMENT',
    `The function '${call.name}' would build a string of ${length} characters or more, beyond the limit of ${MAX_STRING_LENGTH}; work on smaller pieces.`,
  );
}

/** Fails when `concat`, `join` or `replace` built a string longer than ADF allows. */
export function checkLength(text: string, call: CallSite): string {
  return text.length <= MAX_STRING_LENGTH ? text : tooLong(text.length, call);
}

/** Where `search` starts in `text` ignoring case, -1 when absent (.NET's `IndexOf`, ignoring case). */
function indexIgnoringCase(text: string, search: string): number {
  if (search.length === 0) return 0;
  if (search.length > text.length) return -1;
  return foldCase(text).indexOf(foldCase(search));
}

/**
 * `lastIndexOf` as documented: an empty search finds the last character's index (the length
 * minus one), or 0 in an empty string; otherwise the last match ignoring case, or -1.
 */
function lastIndexIgnoringCase(text: string, search: string): number {
  if (search.length === 0) return text.length === 0 ? 0 : text.length - 1;
  if (search.length > text.length) return -1;
  return foldCase(text).lastIndexOf(foldCase(search));
}

/** The start of the n-th match (n < 0 counts from the end); matches may overlap, as .NET loops do. */
function nthIndexIgnoringCase(text: string, search: string, occurrence: bigint): number {
  const limit = BigInt(text.length) + 1n;
  if (occurrence > limit || occurrence < -limit) return -1;
  const n = Number(occurrence < 0n ? -occurrence : occurrence);
  if (search.length === 0) {
    const position = occurrence > 0n ? n - 1 : lastIndexIgnoringCase(text, '') - (n - 1);
    return position >= 0 && position <= text.length ? position : -1;
  }
  const haystack = foldCase(text);
  const needle = foldCase(search);
  let position = occurrence > 0n ? -1 : text.length;
  for (let found = 0; found < n; found++) {
    if (occurrence > 0n) {
      position = haystack.indexOf(needle, position + 1);
    } else {
      if (position === 0) return -1;
      position = haystack.lastIndexOf(needle, position - 1);
    }
    if (position < 0) return -1;
  }
  return position;
}

const GUID_PUNCTUATION = /[-{}()]/g;
const GUID_HEX = /^[0-9a-f]{32}$/;
const BYTE_PAIRS = /../g;

/** Replaces every match in one pass, failing as soon as the result would pass the length limit. */
function replaceAll(text: string, oldText: string, newText: string, call: CallSite): string {
  let at = text.indexOf(oldText);
  if (at < 0) return text;
  const growth = newText.length - oldText.length;
  let length = text.length;
  let out = '';
  let from = 0;
  while (at >= 0) {
    length += growth;
    if (length > MAX_STRING_LENGTH) tooLong(length, call);
    out += text.slice(from, at) + newText;
    from = at + oldText.length;
    at = text.indexOf(oldText, from);
  }
  return out + text.slice(from);
}

/** .NET's `Guid.ToString(format)`: N, D, B, P or X in either case; an empty format means D. */
function formatGuid(guid: string, format: string, call: CallSite): string {
  const hex = guid.replace(GUID_PUNCTUATION, '').toLowerCase();
  if (!GUID_HEX.test(hex)) {
    return call.fail(
      'EXPR_INTERNAL',
      `The GUID source returned '${guid}', which is not a GUID; fix the newGuid function of the evaluation context.`,
    );
  }
  const dashed = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  switch (format) {
    case '':
    case 'D':
    case 'd':
      return dashed;
    case 'N':
    case 'n':
      return hex;
    case 'B':
    case 'b':
      return `{${dashed}}`;
    case 'P':
    case 'p':
      return `(${dashed})`;
    case 'X':
    case 'x': {
      const bytes = hex.slice(16).match(BYTE_PAIRS) ?? [];
      return `{0x${hex.slice(0, 8)},0x${hex.slice(8, 12)},0x${hex.slice(12, 16)},{${bytes.map((b) => `0x${b}`).join(',')}}}`;
    }
    default:
      return call.fail(
        'EXPR_INVALID_FORMAT',
        `The function 'guid' does not know the format '${format}'; use one of 'N' (32 digits), 'D' (hyphens, the default), 'B' (braces), 'P' (parentheses) or 'X' (hexadecimal groups).`,
        0,
      );
  }
}

/** ADF's string functions. */
export const stringFunctions = defineFunctions([
  {
    name: 'concat',
    family: 'string',
    summary:
      'Join values into one string; non-strings are written as in string interpolation (null as empty text).',
    params: [{ name: 'text', type: 'any', variadic: true }],
    returns: 'String',
    examples: [
      {
        expression: "@concat(pipeline().parameters.folder, '/', item().name)",
        result: '"raw/loans/a.csv"',
      },
      { expression: "@concat('batch_', pipeline().parameters.batchSize)", result: '"batch_100"' },
    ],
    evaluate: (args, call) => {
      let out = '';
      for (const arg of args) out += valueToString(arg);
      return checkLength(out, call);
    },
  },
  {
    name: 'endsWith',
    family: 'string',
    summary: 'Check whether a string ends with a substring, ignoring case.',
    params: [
      { name: 'text', type: 'string' },
      { name: 'searchText', type: 'string' },
    ],
    returns: 'Boolean',
    examples: [{ expression: "@endsWith(item().name, '.CSV')", result: 'true' }],
    evaluate: (args) => {
      const [text, search] = args as readonly [string, string];
      if (search.length > text.length) return false;
      return foldCase(text.slice(text.length - search.length)) === foldCase(search);
    },
  },
  {
    name: 'guid',
    family: 'string',
    summary:
      "Generate a new GUID as a string, formatted as .NET's N, D (the default), B, P or X format.",
    params: [{ name: 'format', type: 'string', optional: true }],
    returns: 'String',
    examples: [
      { expression: '@guid()', result: '"0f8fad5b-d9cb-469f-a165-70867728950e"' },
      { expression: "@guid('N')", result: '"0f8fad5bd9cb469fa16570867728950e"' },
    ],
    evaluate: (args, call) => {
      const format = (args[0] as string | undefined) ?? '';
      const guid = call.context.newGuid ? call.context.newGuid() : randomUUID();
      return formatGuid(guid, format, call);
    },
  },
  {
    name: 'indexOf',
    family: 'string',
    summary:
      'Return the 0-based position of the first occurrence of a substring, ignoring case, or -1 when absent.',
    params: [
      { name: 'text', type: 'string' },
      { name: 'searchText', type: 'string' },
    ],
    returns: 'Integer',
    examples: [{ expression: "@indexOf(pipeline().parameters.folder, '/')", result: '3' }],
    evaluate: (args) => {
      const [text, search] = args as readonly [string, string];
      return BigInt(indexIgnoringCase(text, search));
    },
  },
  {
    name: 'lastIndexOf',
    family: 'string',
    summary:
      'Return the 0-based position of the last occurrence of a substring, ignoring case, or -1 when absent.',
    params: [
      { name: 'text', type: 'string' },
      { name: 'searchText', type: 'string' },
    ],
    returns: 'Integer',
    examples: [{ expression: "@lastIndexOf('raw/loans/2026/01.csv', '/')", result: '14' }],
    evaluate: (args) => {
      const [text, search] = args as readonly [string, string];
      return BigInt(lastIndexIgnoringCase(text, search));
    },
  },
  {
    name: 'nthIndexOf',
    family: 'string',
    summary:
      'Return the 0-based position of the n-th occurrence of a substring (counting from the end when n is negative), ignoring case, or -1.',
    params: [
      { name: 'text', type: 'string' },
      { name: 'searchText', type: 'string' },
      { name: 'occurrence', type: 'integer' },
    ],
    returns: 'Integer',
    examples: [
      { expression: "@nthIndexOf('raw/loans/2026/01.csv', '/', 2)", result: '9' },
      { expression: "@nthIndexOf('raw/loans/2026/01.csv', '/', -2)", result: '9' },
    ],
    evaluate: (args, call) => {
      const [text, search, occurrence] = args as readonly [string, string, bigint];
      if (occurrence === 0n) {
        return call.fail(
          'EXPR_INVALID_ARGUMENT',
          "The function 'nthIndexOf' counts occurrences from 1 (or from -1 at the end), so occurrence cannot be 0.",
          2,
        );
      }
      return BigInt(nthIndexIgnoringCase(text, search, occurrence));
    },
  },
  {
    name: 'replace',
    family: 'string',
    summary: 'Replace every occurrence of a substring (matching case) with another string.',
    params: [
      { name: 'text', type: 'string' },
      { name: 'oldText', type: 'string' },
      { name: 'newText', type: 'string' },
    ],
    returns: 'String',
    examples: [{ expression: "@replace(item().name, '.csv', '.parquet')", result: '"a.parquet"' }],
    evaluate: (args, call) => {
      const [text, oldText, newText] = args as readonly [string, string, string];
      if (oldText.length === 0) {
        return call.fail(
          'EXPR_INVALID_ARGUMENT',
          "The function 'replace' cannot replace an empty string; pass the text to find as oldText.",
          1,
        );
      }
      return replaceAll(text, oldText, newText, call);
    },
  },
  {
    name: 'split',
    family: 'string',
    summary:
      'Split a string at every occurrence of a delimiter (matching case) and return the pieces as an array.',
    params: [
      { name: 'text', type: 'string' },
      { name: 'delimiter', type: 'string' },
    ],
    returns: 'Array',
    examples: [
      { expression: "@split(pipeline().parameters.folder, '/')", result: '["raw","loans"]' },
    ],
    evaluate: (args) => {
      const [text, delimiter] = args as readonly [string, string];
      return Object.freeze(delimiter.length === 0 ? [text] : text.split(delimiter));
    },
  },
  {
    name: 'startsWith',
    family: 'string',
    summary: 'Check whether a string starts with a substring, ignoring case.',
    params: [
      { name: 'text', type: 'string' },
      { name: 'searchText', type: 'string' },
    ],
    returns: 'Boolean',
    examples: [{ expression: "@startsWith(pipeline().parameters.folder, 'RAW/')", result: 'true' }],
    evaluate: (args) => {
      const [text, search] = args as readonly [string, string];
      if (search.length > text.length) return false;
      return foldCase(text.slice(0, search.length)) === foldCase(search);
    },
  },
  {
    name: 'substring',
    family: 'string',
    summary:
      'Return the characters from a 0-based start index, either a given number of them or all up to the end.',
    params: [
      { name: 'text', type: 'string' },
      { name: 'startIndex', type: 'integer' },
      { name: 'length', type: 'integer', optional: true },
    ],
    returns: 'String',
    examples: [
      { expression: '@substring(trigger().scheduledTime, 0, 10)', result: '"2026-01-01"' },
      { expression: '@substring(item().name, 2)', result: '"csv"' },
    ],
    evaluate: (args, call) => {
      const [text, start, length] = args as readonly [string, bigint, bigint | undefined];
      const size = BigInt(text.length);
      if (start < 0n || start > size) {
        return call.fail(
          'EXPR_INDEX_OUT_OF_RANGE',
          `The function 'substring' needs startIndex (${start}) to be between 0 and the string's length (${size}).`,
          1,
        );
      }
      if (length === undefined) return text.slice(Number(start));
      if (length < 0n) {
        return call.fail(
          'EXPR_INDEX_OUT_OF_RANGE',
          `The function 'substring' needs a length of 0 or more, not ${length}.`,
          2,
        );
      }
      if (start + length > size) {
        return call.fail(
          'EXPR_INDEX_OUT_OF_RANGE',
          `The function 'substring' needs startIndex + length (${start + length}) to be at most the string's length (${size}); leave length out to take everything after startIndex.`,
          2,
        );
      }
      return text.slice(Number(start), Number(start + length));
    },
  },
  {
    name: 'toLower',
    family: 'string',
    summary: "Return a string in lowercase, using the invariant culture's rules.",
    params: [{ name: 'text', type: 'string' }],
    returns: 'String',
    examples: [{ expression: "@toLower('Loans_2026.CSV')", result: '"loans_2026.csv"' }],
    evaluate: (args) => toLowerInvariant(args[0] as string),
  },
  {
    name: 'toUpper',
    family: 'string',
    summary: "Return a string in uppercase, using the invariant culture's rules.",
    params: [{ name: 'text', type: 'string' }],
    returns: 'String',
    examples: [
      { expression: '@toUpper(pipeline().globalParameters.environment)', result: '"PROD"' },
    ],
    evaluate: (args) => toUpperInvariant(args[0] as string),
  },
  {
    name: 'trim',
    family: 'string',
    summary: 'Remove leading and trailing whitespace (spaces, tabs, line breaks…) from a string.',
    params: [{ name: 'text', type: 'string' }],
    returns: 'String',
    examples: [{ expression: "@trim('  loans  ')", result: '"loans"' }],
    evaluate: (args) => trimWhiteSpace(args[0] as string),
  },
]);
