import { describe, expect, it } from 'vitest';
import { TailBuffer } from './tail-buffer.js';

describe('TailBuffer', () => {
  it('keeps everything under the limit', () => {
    const buffer = new TailBuffer(10);
    buffer.write(Buffer.from('abc'));
    buffer.write(Buffer.from('def'));
    expect([buffer.text(), buffer.truncated, buffer.totalBytes]).toEqual(['abcdef', false, 6]);
  });

  it('keeps the last bytes across chunk boundaries', () => {
    const buffer = new TailBuffer(5);
    for (const chunk of ['abc', 'defg', 'h']) buffer.write(Buffer.from(chunk));
    expect([buffer.text(), buffer.truncated, buffer.totalBytes]).toEqual(['defgh', true, 8]);
  });

  it('drops a character cut in half at the start of the tail', () => {
    const buffer = new TailBuffer(4);
    buffer.write(Buffer.from('xé€')); // é is 2 bytes, € is 3: the tail starts inside é
    expect(buffer.text()).toBe('€');
  });
});
