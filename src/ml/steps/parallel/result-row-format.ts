/**
 * How one result returned by run() becomes one line of the append_row file. Pure.
 *
 * - string: as is (a string holding newlines spans several lines; return one line per result);
 * - number, boolean: `String(value)`;
 * - null: an empty line;
 * - array: one CSV line (RFC 4180: a field holding `,`, `"`, CR or LF is quoted; nested arrays
 *   and objects become their JSON text);
 * - object: its JSON text.
 *
 * The Node worker formats its results itself (`formatResultsAsSent`) and sends the lines, so that
 * the parent neither parses nor formats thousands of small values per mini-batch; Python workers
 * send the values, which the parent formats (`formatResultLines`).
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

/** The lines of one mini-batch's results, each ending with `\n`. */
export function formatResultLines(results: readonly unknown[]): string {
  if (results.length === 0) return '';
  // Strings are lines as they are: one join, without a string per line (the usual case).
  if (results.every((result) => typeof result === 'string')) return `${results.join('\n')}\n`;
  return results.map((result) => `${formatResultLine(result)}\n`).join('');
}

/**
 * The lines of results as they would be formatted after crossing the protocol as JSON, so that a
 * worker formatting its own results writes exactly what the parent would: strings as they are,
 * any other value as its JSON round trip (`NaN` and `undefined` become null, a Date its ISO
 * text). Throws, as JSON.stringify does, for a value JSON cannot carry (a BigInt, a cycle).
 */
export function formatResultsAsSent(results: readonly unknown[]): string {
  if (results.every((result) => typeof result === 'string')) return formatResultLines(results);
  return formatResultLines(
    results.map((result) => {
      if (typeof result === 'string') return result;
      const json = JSON.stringify(result) as string | undefined;
      return json === undefined ? null : (JSON.parse(json) as unknown);
    }),
  );
}
