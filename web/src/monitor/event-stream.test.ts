import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './event-stream.js';

describe('reconnectDelayMs', () => {
  it('doubles from a second up to thirty seconds', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(reconnectDelayMs)).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });
});
