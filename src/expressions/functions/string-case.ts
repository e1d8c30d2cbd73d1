/**
 * Case mapping and whitespace as .NET's invariant culture sees them, which is what Data Factory's
 * `toLower`, `toUpper`, `trim` and its case-insensitive searches (`indexOf`, `startsWith`…) use.
 *
 * .NET maps case one UTF-16 unit (or one surrogate pair) at a time, so a string keeps its length:
 * `toUpper('ß')` stays `ß` where JavaScript writes `SS`, and no rule looks at neighbouring letters
 * (JavaScript lowercases a final `Σ` to `ς`; .NET always gives `σ`). Keeping the length also lets
 * the case-insensitive searches fold both strings and search with plain indexes.
 */

let upperTable: Uint16Array | undefined;
let lowerTable: Uint16Array | undefined;

/**
 * Builds the BMP tables on first use (a few milliseconds, 256 KB): each unit's simple mapping,
 * which is JavaScript's full mapping wherever that keeps a single unit.
 */
function buildTables(): void {
  const upper = new Uint16Array(0x10000);
  const lower = new Uint16Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    upper[code] = code;
    lower[code] = code;
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const char = String.fromCharCode(code);
    const up = char.toUpperCase();
    if (up.length === 1) upper[code] = up.charCodeAt(0);
    const low = char.toLowerCase();
    if (low.length === 1) lower[code] = low.charCodeAt(0);
  }
  // Greek letters with ypogegrammeni: JavaScript expands them (ᾳ → ΑΙ); their simple mapping is
  // the matching letter with prosgegrammeni (ᾳ → ᾼ).
  for (const start of [0x1f80, 0x1f90, 0x1fa0]) {
    for (let code = start; code < start + 8; code++) upper[code] = code + 8;
  }
  upper[0x1fb3] = 0x1fbc;
  upper[0x1fc3] = 0x1fcc;
  upper[0x1ff3] = 0x1ffc;
  // The invariant culture leaves the Turkish dotted capital I and dotless small i alone.
  lower[0x130] = 0x130;
  upper[0x131] = 0x131;
  upperTable = upper;
  lowerTable = lower;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function mapCase(text: string, upper: boolean): string {
  if (isAscii(text)) return upper ? text.toUpperCase() : text.toLowerCase();
  if (upperTable === undefined) buildTables();
  const table = (upper ? upperTable : lowerTable) as Uint16Array;
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      const pair = text.slice(i, i + 2);
      const mapped = upper ? pair.toUpperCase() : pair.toLowerCase();
      const keep = mapped.length === 2 ? mapped : pair;
      out[i] = keep.charCodeAt(0);
      out[i + 1] = keep.charCodeAt(1);
      i++;
    } else {
      out[i] = table[code] as number;
    }
  }
  return fromCodeUnits(out);
}

function fromCodeUnits(units: Uint16Array): string {
  const CHUNK = 8192;
  if (units.length <= CHUNK) return String.fromCharCode(...units);
  let out = '';
  for (let i = 0; i < units.length; i += CHUNK) {
    out += String.fromCharCode(...units.subarray(i, i + CHUNK));
  }
  return out;
}

/** .NET's `ToUpperInvariant`: same length, one unit (or surrogate pair) at a time. */
export function toUpperInvariant(text: string): string {
  return mapCase(text, true);
}

/** .NET's `ToLowerInvariant`: same length, one unit (or surrogate pair) at a time. */
export function toLowerInvariant(text: string): string {
  return mapCase(text, false);
}

/** The key two strings share when they are equal ignoring case; same length as `text`. */
export function foldCase(text: string): string {
  return mapCase(text, true);
}

/** .NET's `Char.IsWhiteSpace`: Unicode White_Space, which (unlike JavaScript) excludes U+FEFF. */
export function isWhiteSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** .NET's `String.Trim()`: removes leading and trailing {@link isWhiteSpace} units. */
export function trimWhiteSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
  while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
