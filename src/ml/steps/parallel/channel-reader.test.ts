import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChannelReader } from './channel-reader.js';

type Received = { readonly line: string } | { readonly payload: string };

/** What a reader gives for these chunks, when each line `n:<count>` announces a payload. */
function receive(chunks: readonly Buffer[]): Received[] {
  const received: Received[] = [];
  const reader = new ChannelReader(
    (line) => {
      received.push({ line });
      return Number(/^n:(\d+)$/.exec(line)?.[1] ?? 0);
    },
    (pieces) => received.push({ payload: Buffer.concat(pieces).toString('utf8') }),
  );
  for (const chunk of chunks) reader.push(chunk);
  return received;
}

const STREAM = 'hello\nn:8\n1,a\n2,b\nbye\nn:0\nn:3\né\n\n';
const EXPECTED: Received[] = [
  { line: 'hello' },
  { line: 'n:8' },
  { payload: '1,a\n2,b\n' },
  { line: 'bye' },
  { line: 'n:0' },
  { line: 'n:3' },
  // é is two bytes in UTF-8: the payload counts bytes.
  { payload: 'é\n' },
  { line: '' },
];

describe('ChannelReader', () => {
  it('gives message lines, and the bytes a line announces as one payload', () => {
    expect(receive([Buffer.from(STREAM)])).toEqual(EXPECTED);
  });

  it('keeps a line or payload that is not complete until its end arrives', () => {
    expect(receive([Buffer.from('n:4\nab'), Buffer.from('')])).toEqual([{ line: 'n:4' }]);
  });

  it('gives the same lines and payloads however the bytes are cut into chunks', () => {
    const bytes = Buffer.from(STREAM);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const ends = [...cuts].sort((a, b) => a - b);
          const chunks = [0, ...ends].map((start, index) =>
            bytes.subarray(start, ends[index] ?? bytes.length),
          );
          expect(receive(chunks)).toEqual(EXPECTED);
        },
      ),
    );
  });
});
