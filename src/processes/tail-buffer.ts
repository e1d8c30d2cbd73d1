/**
 * Keeps the last `limit` bytes written to it, so a command that prints gigabytes costs at most
 * `limit` bytes of memory per stream.
 */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes written in all, kept ones included. */
  totalBytes = 0;

  constructor(private readonly limit: number) {}

  write(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit) {
      const first = this.chunks[0];
      if (first === undefined) break;
      const excess = this.size - this.limit;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  get truncated(): boolean {
    return this.totalBytes > this.size;
  }

  /** The kept bytes as UTF-8; a character cut in half at the start of the tail is dropped. */
  text(): string {
    let bytes = Buffer.concat(this.chunks);
    if (this.truncated) {
      let start = 0;
      // UTF-8 continuation bytes are 10xxxxxx; skip them to start on a character boundary.
      while (start < bytes.length && start < 4 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
      bytes = bytes.subarray(start);
    }
    return bytes.toString('utf8');
  }
}
