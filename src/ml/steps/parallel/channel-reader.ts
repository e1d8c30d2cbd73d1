/**
 * Cuts the bytes a worker sends on its channel into messages and the raw payloads that follow
 * some of them. Pure.
 *
 * A message is one line of JSON ending with `\n`. When `onLine` returns N > 0 for a message, the
 * N bytes right after its line are a payload (a Node worker's result lines, exactly as they go to
 * the append_row file), handed to `onPayload` as bytes: never decoded, searched or parsed, which
 * is most of what a large JSON string of lines costs the parent. A payload comes as the pieces of
 * the chunks it arrived in, never copied: the writer writes them as they are (`writev`).
 *
 * Only new bytes are searched for a line end, and the pieces of a line are joined once, at its
 * end (see `line-splitter.ts` for why).
 */

const LF = 0x0a;

export class ChannelReader {
  private readonly pieces: Buffer[] = [];
  /** Bytes of payload still to come; 0 while a message line is read. */
  private payloadLeft = 0;

  /**
   * @param onLine gets each message line (without its `\n`, decoded as UTF-8) and returns how
   *   many payload bytes follow it (0: none).
   */
  constructor(
    private readonly onLine: (line: string) => number,
    private readonly onPayload: (pieces: readonly Buffer[]) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      if (this.payloadLeft > 0) {
        const end = Math.min(chunk.length, start + this.payloadLeft);
        this.pieces.push(chunk.subarray(start, end));
        this.payloadLeft -= end - start;
        start = end;
        if (this.payloadLeft === 0) this.onPayload(this.pieces.splice(0));
        continue;
      }
      const newline = chunk.indexOf(LF, start);
      if (newline === -1) {
        this.pieces.push(chunk.subarray(start));
        return;
      }
      this.pieces.push(chunk.subarray(start, newline));
      start = newline + 1;
      const payloadBytes = this.onLine(this.joinPieces().toString('utf8'));
      this.payloadLeft = payloadBytes > 0 ? payloadBytes : 0;
    }
  }

  private joinPieces(): Buffer {
    const joined =
      this.pieces.length === 1 ? (this.pieces[0] as Buffer) : Buffer.concat(this.pieces);
    this.pieces.length = 0;
    return joined;
  }
}
