/**
 * Byte-level helpers of the conversion functions: UTF-8, base64 as .NET's `Convert` reads it,
 * percent-encoding as .NET's `Uri.EscapeDataString` writes it, and RFC 2397 data URIs.
 * Tables are built once at module load so the per-call work is a single pass over the text.
 */

/** A value the encoding functions cannot decode; the message says what is wrong with it. */
export class EncodingProblem {
  constructor(readonly message: string) {}
}

const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const strictUtf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
const utf8Encoder = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Decodes UTF-8 as .NET's `Encoding.UTF8.GetString` does: invalid sequences become U+FFFD. */
export function utf8Text(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The value of each ASCII base64 digit, -1 for anything else. */
const BASE64_DIGITS = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((digit, value) => (BASE64_DIGITS[digit.charCodeAt(0)] = value));

/**
 * Decodes base64 as .NET's `Convert.FromBase64String` accepts it: spaces, tabs and line breaks
 * are ignored, the remaining length must be a multiple of 4 and at most two `=` may end it.
 */
export function base64ToBytes(text: string): Uint8Array {
  let significant = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    significant++;
    if (c === 61 /* = */) {
      padding++;
      continue;
    }
    if (c >= 128 || (BASE64_DIGITS[c] as number) < 0) {
      throw new EncodingProblem(
        `the character ${JSON.stringify(text.charAt(i))} at position ${i + 1} is not a base64 digit (A–Z, a–z, 0–9, '+', '/')`,
      );
    }
    if (padding > 0) {
      throw new EncodingProblem(
        `'=' padding may only end the text, but a digit follows it at position ${i + 1}`,
      );
    }
  }
  if (padding > 2)
    throw new EncodingProblem(`it ends with ${padding} '=' but base64 pads with at most two`);
  if (significant % 4 !== 0) {
    throw new EncodingProblem(
      `its length without whitespace (${significant}) is not a multiple of 4; check for missing '=' padding or a truncated value`,
    );
  }
  return Buffer.from(text, 'base64');
}

/** `Uri.EscapeDataString` keeps RFC 3986's unreserved characters and escapes every other byte. */
const HEX_BYTES: readonly string[] = Array.from(
  { length: 256 },
  (_, byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
);
const ASCII_ESCAPES: readonly string[] = Array.from({ length: 128 }, (_, c) => {
  const char = String.fromCharCode(c);
  return /[A-Za-z0-9\-_.~]/.test(char) ? char : (HEX_BYTES[c] as string);
});

function isUnreserved(c: number): boolean {
  return c < 128 && (ASCII_ESCAPES[c] as string).length === 1;
}

/** Percent-encodes the UTF-8 bytes of `text` like .NET's `Uri.EscapeDataString`. */
export function escapeDataString(text: string): string {
  let i = 0;
  while (i < text.length && isUnreserved(text.charCodeAt(i))) i++;
  if (i === text.length) return text;
  let out = text.slice(0, i);
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out += ASCII_ESCAPES[c] as string;
      continue;
    }
    let codePoint = c;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        codePoint = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        codePoint = 0xfffd;
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      codePoint = 0xfffd;
    }
    if (codePoint < 0x800) {
      out +=
        (HEX_BYTES[0xc0 | (codePoint >> 6)] as string) +
        (HEX_BYTES[0x80 | (codePoint & 0x3f)] as string);
    } else if (codePoint < 0x10000) {
      out +=
        (HEX_BYTES[0xe0 | (codePoint >> 12)] as string) +
        (HEX_BYTES[0x80 | ((codePoint >> 6) & 0x3f)] as string) +
        (HEX_BYTES[0x80 | (codePoint & 0x3f)] as string);
    } else {
      out +=
        (HEX_BYTES[0xf0 | (codePoint >> 18)] as string) +
        (HEX_BYTES[0x80 | ((codePoint >> 12) & 0x3f)] as string) +
        (HEX_BYTES[0x80 | ((codePoint >> 6) & 0x3f)] as string) +
        (HEX_BYTES[0x80 | (codePoint & 0x3f)] as string);
    }
  }
  return out;
}

/** The value of each ASCII hexadecimal digit, -1 for anything else. */
const HEX_DIGITS = new Int8Array(128).fill(-1);
'0123456789abcdef'.split('').forEach((digit, value) => {
  HEX_DIGITS[digit.charCodeAt(0)] = value;
  HEX_DIGITS[digit.toUpperCase().charCodeAt(0)] = value;
});

function hexDigit(text: string, index: number): number {
  const c = text.charCodeAt(index);
  return c < 128 ? (HEX_DIGITS[c] as number) : -1;
}

/**
 * Decodes `%XX` escapes to bytes; other characters stand for their UTF-8 bytes. A `%` that is
 * not followed by two hexadecimal digits is an error (`+` stays `+`: this is not form decoding).
 */
export function unescapeToBytes(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  if (!text.includes('%')) return bytes;
  let write = 0;
  for (let read = 0; read < bytes.length; read++) {
    const byte = bytes[read] as number;
    if (byte !== 37 /* % */) {
      bytes[write++] = byte;
      continue;
    }
    const high = read + 1 < bytes.length ? (HEX_DIGITS[bytes[read + 1] as number] ?? -1) : -1;
    const low = read + 2 < bytes.length ? (HEX_DIGITS[bytes[read + 2] as number] ?? -1) : -1;
    if (high < 0 || low < 0) throw badEscape(text);
    bytes[write++] = (high << 4) | low;
    read += 2;
  }
  return bytes.subarray(0, write);
}

/** Describes the first `%` of `text` that does not start a `%XX` escape. */
function badEscape(text: string): EncodingProblem {
  let at = text.indexOf('%');
  while (at >= 0 && hexDigit(text, at + 1) >= 0 && hexDigit(text, at + 2) >= 0)
    at = text.indexOf('%', at + 3);
  const escape = text.slice(at, at + 3);
  return new EncodingProblem(
    `'${escape}' at position ${at + 1} is not '%' followed by two hexadecimal digits; write a literal '%' as %25`,
  );
}

/** Decodes `%XX` escapes and reads the bytes as UTF-8, which they must be. */
export function unescapeDataString(text: string): string {
  if (!text.includes('%')) return text;
  const bytes = unescapeToBytes(text);
  try {
    return strictUtf8Decoder.decode(bytes);
  } catch {
    throw new EncodingProblem(
      'its escapes decode to bytes that are not valid UTF-8 text; use uriComponentToBinary() for raw bytes',
    );
  }
}

export interface DataUri {
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

const DATA_SCHEME = /^data:/i;
const BASE64_MARKER = /;base64$/i;

/**
 * Reads an RFC 2397 data URI, `data:[<media type>][;base64],<data>`. Without a media type the
 * content type is RFC 2397's default, `text/plain;charset=US-ASCII`.
 */
export function parseDataUri(text: string): DataUri {
  if (!DATA_SCHEME.test(text)) {
    throw new EncodingProblem(
      `it does not start with 'data:' (a data URI looks like 'data:text/plain;charset=utf-8;base64,aGVsbG8=')`,
    );
  }
  const comma = text.indexOf(',', 5);
  if (comma < 0) throw new EncodingProblem("it has no ',' between the media type and the data");
  let meta = text.slice(5, comma);
  const data = text.slice(comma + 1);
  const isBase64 = BASE64_MARKER.test(meta);
  if (isBase64) meta = meta.slice(0, -';base64'.length);
  let contentType = meta;
  if (meta === '') contentType = 'text/plain;charset=US-ASCII';
  else if (meta.startsWith(';')) contentType = `text/plain${meta}`;
  if (!isBase64) return { contentType, bytes: unescapeToBytes(data) };
  try {
    return {
      contentType,
      bytes: base64ToBytes(data.includes('%') ? utf8Text(unescapeToBytes(data)) : data),
    };
  } catch (problem) {
    if (problem instanceof EncodingProblem)
      throw new EncodingProblem(`its base64 data is not valid: ${problem.message}`);
    throw problem;
  }
}
