/**
 * How one result returned by run() becomes one line of the append_row file. Pure.
 *
 * - string: as is (a string holding newlines spans several lines; return one line per result);
 * - number, boolean: `String(value)`;
 * - null: an empty line;
 * - array: one CSV line (RFC 4180: a field holding `,`, `"`, CR or LF is quoted; nested arrays
 *   and objects become their JSON text);
 * - object: its JSON text.
 */

export function formatResultLine(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return (value as unknown[]).map(csvField).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function csvField(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
