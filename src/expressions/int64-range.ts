/**
 * The range of an Int. In its own module so that the parser, which needs nothing else from
 * `values.ts`, stays free of Node's `Buffer` and can be bundled into the web UI's expression field.
 */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
