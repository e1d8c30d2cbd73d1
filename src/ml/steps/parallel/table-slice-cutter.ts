/**
 * Cuts the data part of a table file into line-aligned slices while it streams past, looking only
 * at newline (and, for CSV, quote) bytes with `Buffer.indexOf`: no decoding, no parsing, memory
 * independent of the file size. Pure; the partitioner feeds it the chunks of a read stream.
 *
 * For CSV the cutter keeps the parity of `"` bytes since the file's data start, so a newline
 * inside an RFC 4180 quoted field does not end a row. Empty lines (`\n`, `\r\n`) are not rows.
 */

export interface TableSlice {
  readonly start: number;
  readonly end: number;
  readonly rowCount: number;
}

/** `rows`: every `value` rows. `bytes`: at the first row end at least `value` bytes in. */
export interface SliceRule {
  readonly unit: 'rows' | 'bytes';
  readonly value: number;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export class TableSliceCutter {
  private sliceStart: number;
  private rowsInSlice = 0;
  private rowStart: number;
  private inQuotes = false;
  private lastByteOfPreviousChunk = -1;
  private expectedOffset: number;

  /**
   * @param dataStart the offset of the first data byte (after the header row, or a byte order
   *   mark); chunks pushed must start there and follow each other.
   * @param quoteAware true for CSV.
   */
  constructor(
    private readonly rule: SliceRule,
    dataStart: number,
    private readonly quoteAware: boolean,
  ) {
    if (!(Number.isSafeInteger(rule.value) && rule.value >= 1))
      throw new RangeError(`a slice size must be a positive integer, not ${rule.value}`);
    this.sliceStart = dataStart;
    this.rowStart = dataStart;
    this.expectedOffset = dataStart;
  }

  /** Feeds the next chunk (at absolute `offset`); returns the slices it completed. */
  push(chunk: Uint8Array, offset: number): TableSlice[] {
    if (offset !== this.expectedOffset)
      throw new RangeError(`chunk at offset ${offset}; expected ${this.expectedOffset}`);
    this.expectedOffset = offset + chunk.length;
    const slices: TableSlice[] = [];
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let position = 0;
    let nextQuote = this.quoteAware ? buffer.indexOf(QUOTE) : -1;
    for (;;) {
      const newline = buffer.indexOf(LF, position);
      const limit = newline === -1 ? buffer.length : newline;
      while (nextQuote !== -1 && nextQuote < limit) {
        this.inQuotes = !this.inQuotes;
        nextQuote = buffer.indexOf(QUOTE, nextQuote + 1);
      }
      if (newline === -1) break;
      position = newline + 1;
      if (this.inQuotes) continue;
      const rowEnd = offset + position;
      const contentLength = rowEnd - 1 - this.rowStart;
      const blank =
        contentLength === 0 ||
        (contentLength === 1 && this.byteAt(buffer, offset, this.rowStart) === CR);
      this.endRow(rowEnd, blank, slices);
    }
    if (buffer.length > 0) this.lastByteOfPreviousChunk = buffer[buffer.length - 1] as number;
    return slices;
  }

  /** Ends the data after the last chunk: a last row without a newline, and the last slice. */
  finish(): TableSlice[] {
    const fileLength = this.expectedOffset;
    const slices: TableSlice[] = [];
    const contentLength = fileLength - this.rowStart;
    if (contentLength > 0) {
      const blank = contentLength === 1 && this.lastByteOfPreviousChunk === CR;
      if (!blank) this.rowsInSlice += 1;
      this.rowStart = fileLength;
    }
    if (this.rowsInSlice > 0)
      slices.push({ start: this.sliceStart, end: fileLength, rowCount: this.rowsInSlice });
    this.sliceStart = fileLength;
    this.rowsInSlice = 0;
    return slices;
  }

  private endRow(rowEnd: number, blank: boolean, slices: TableSlice[]): void {
    if (!blank) this.rowsInSlice += 1;
    this.rowStart = rowEnd;
    const full =
      this.rule.unit === 'rows'
        ? this.rowsInSlice === this.rule.value
        : this.rowsInSlice > 0 && rowEnd - this.sliceStart >= this.rule.value;
    if (!full) return;
    slices.push({ start: this.sliceStart, end: rowEnd, rowCount: this.rowsInSlice });
    this.sliceStart = rowEnd;
    this.rowsInSlice = 0;
  }

  /** A byte of the current chunk, or the last one of the chunk before. */
  private byteAt(buffer: Buffer, offset: number, absolute: number): number {
    return absolute >= offset
      ? (buffer[absolute - offset] as number)
      : this.lastByteOfPreviousChunk;
  }
}
