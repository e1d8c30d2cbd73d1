/**
 * Cuts a stream of text chunks into lines: the Node worker reads the parent's messages with it
 * (the parent reads a worker's channel with `channel-reader.ts`, which also takes raw bytes). Pure.
 *
 * Only the new chunk is searched for a line end, and the pieces of a long line are joined once,
 * when it ends: a results message of a few hundred kilobytes arrives in many chunks, and
 * searching everything received so far again at each chunk made the work grow with the square of
 * the message size.
 */

/** A chunk listener that calls `onLine` with each complete line, without its `\n`. */
export function splitLines(onLine: (line: string) => void): (chunk: string) => void {
  const pieces: string[] = [];
  return (chunk) => {
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
      pieces.push(chunk.slice(start, newline));
      start = newline + 1;
      const line = pieces.join('');
      pieces.length = 0;
      onLine(line);
    }
    if (start < chunk.length) pieces.push(chunk.slice(start));
  };
}
