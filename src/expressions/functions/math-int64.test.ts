import { describe, expect, it } from 'vitest';
import { INT64_MAX, INT64_MIN } from '../values.js';
import {
  INT32_MAX,
  INT32_MIN,
  checkedAdd,
  checkedDivide,
  checkedMultiply,
  checkedSubtract,
  isInt64,
  remainder,
} from './math-int64.js';

describe('isInt64', () => {
  it('accepts the bounds and rejects one past them', () => {
    expect(isInt64(INT64_MAX)).toBe(true);
    expect(isInt64(INT64_MIN)).toBe(true);
    expect(isInt64(0n)).toBe(true);
    expect(isInt64(INT64_MAX + 1n)).toBe(false);
    expect(isInt64(INT64_MIN - 1n)).toBe(false);
  });

  it('exposes the 32-bit bounds', () => {
    expect(INT32_MAX).toBe(2147483647n);
    expect(INT32_MIN).toBe(-2147483648n);
  });
});

describe('checkedAdd', () => {
  it('adds within range', () => {
    expect(checkedAdd(2n, 3n)).toBe(5n);
    expect(checkedAdd(INT64_MAX, 0n)).toBe(INT64_MAX);
    expect(checkedAdd(INT64_MAX, INT64_MIN)).toBe(-1n);
  });

  it('reports overflow at both ends', () => {
    expect(checkedAdd(INT64_MAX, 1n)).toBeUndefined();
    expect(checkedAdd(INT64_MIN, -1n)).toBeUndefined();
  });
});

describe('checkedSubtract', () => {
  it('subtracts within range', () => {
    expect(checkedSubtract(2n, 3n)).toBe(-1n);
    expect(checkedSubtract(INT64_MIN, -1n)).toBe(INT64_MIN + 1n);
  });

  it('reports overflow at both ends', () => {
    expect(checkedSubtract(INT64_MIN, 1n)).toBeUndefined();
    expect(checkedSubtract(0n, INT64_MIN)).toBeUndefined();
    expect(checkedSubtract(INT64_MAX, -1n)).toBeUndefined();
  });
});

describe('checkedMultiply', () => {
  it('multiplies within range', () => {
    expect(checkedMultiply(-4n, 5n)).toBe(-20n);
    expect(checkedMultiply(3037000499n, 3037000499n)).toBe(9223372030926249001n);
    expect(checkedMultiply(INT64_MIN, 1n)).toBe(INT64_MIN);
  });

  it('reports overflow', () => {
    expect(checkedMultiply(4294967296n, 4294967296n)).toBeUndefined();
    expect(checkedMultiply(INT64_MIN, -1n)).toBeUndefined();
    expect(checkedMultiply(INT64_MAX, 2n)).toBeUndefined();
  });
});

describe('checkedDivide', () => {
  it('truncates toward zero', () => {
    expect(checkedDivide(7n, 2n)).toBe(3n);
    expect(checkedDivide(-7n, 2n)).toBe(-3n);
    expect(checkedDivide(7n, -2n)).toBe(-3n);
    expect(checkedDivide(-7n, -2n)).toBe(3n);
    expect(checkedDivide(INT64_MIN, 1n)).toBe(INT64_MIN);
  });

  it('reports the one overflowing division', () => {
    expect(checkedDivide(INT64_MIN, -1n)).toBeUndefined();
  });
});

describe('remainder', () => {
  it('takes the sign of the dividend', () => {
    expect(remainder(7n, 2n)).toBe(1n);
    expect(remainder(-7n, 2n)).toBe(-1n);
    expect(remainder(7n, -2n)).toBe(1n);
    expect(remainder(-5n, 2n)).toBe(-1n);
    expect(remainder(4n, -3n)).toBe(1n);
  });

  it('gives 0 for INT64_MIN % -1', () => {
    expect(remainder(INT64_MIN, -1n)).toBe(0n);
  });
});
