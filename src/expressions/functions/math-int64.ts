/**
 * Checked 64-bit integer arithmetic on bigints, as .NET's `checked` long arithmetic behaves: each
 * operation returns `undefined` instead of a result that does not fit in [INT64_MIN, INT64_MAX].
 * Division truncates toward zero and the remainder takes the dividend's sign, like C#'s `/` and `%`.
 */
import { INT64_MAX, INT64_MIN } from '../values.js';

export const INT32_MIN = -(2n ** 31n);
export const INT32_MAX = 2n ** 31n - 1n;

/** True when the value fits in a signed 64-bit integer. */
export function isInt64(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX;
}

function fitted(value: bigint): bigint | undefined {
  return value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

export function checkedAdd(a: bigint, b: bigint): bigint | undefined {
  return fitted(a + b);
}

export function checkedSubtract(a: bigint, b: bigint): bigint | undefined {
  return fitted(a - b);
}

export function checkedMultiply(a: bigint, b: bigint): bigint | undefined {
  return fitted(a * b);
}

/**
 * The quotient truncated toward zero (`-7 / 2` is `-3`); `undefined` when it overflows, which only
 * `INT64_MIN / -1` does. The divisor must not be zero: check it first.
 */
export function checkedDivide(dividend: bigint, divisor: bigint): bigint | undefined {
  return fitted(dividend / divisor);
}

/**
 * The remainder with the dividend's sign (`-7 % 2` is `-1`), always in range. The divisor must not
 * be zero: check it first. (`INT64_MIN % -1` is 0 here, where .NET would throw.)
 */
export function remainder(dividend: bigint, divisor: bigint): bigint {
  return dividend % divisor;
}
