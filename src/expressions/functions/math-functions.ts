import { defineFunctions, type CallSite } from './function-definition.js';
import {
  INT32_MAX,
  INT32_MIN,
  checkedAdd,
  checkedDivide,
  checkedMultiply,
  checkedSubtract,
  remainder,
} from './math-int64.js';
import { formatDotNetDouble } from '../value-to-string.js';
import { compareNumbers, isNumber, toFloat, typeOf, type Value } from '../values.js';

type Num = bigint | number;

/** The most items `range` returns, as documented for the workflow engine ADF shares with Logic Apps. */
export const RANGE_MAX_COUNT = 100_000n;

function intOverflow(call: CallSite, a: bigint, operator: string, b: bigint): never {
  return call.fail(
    'EXPR_OVERFLOW',
    `The function '${call.name}' overflowed: ${a} ${operator} ${b} does not fit in a 64-bit Integer; make one operand a Float (e.g. write 1.0 instead of 1) to get an approximate result.`,
  );
}

/** A Float operation on finite operands that ends at ±Infinity overflowed; JSON cannot carry it. */
function floatResult(
  call: CallSite,
  result: number,
  a: number,
  b: number,
  operator: string,
): number {
  if (Number.isFinite(result) || !Number.isFinite(a) || !Number.isFinite(b)) return result;
  return call.fail(
    'EXPR_OVERFLOW',
    `The function '${call.name}' overflowed: ${formatDotNetDouble(a)} ${operator} ${formatDotNetDouble(b)} is beyond the largest Float (about 1.8E+308); scale the operands down first.`,
  );
}

function divisionByZero(call: CallSite): never {
  return call.fail(
    'EXPR_DIVISION_BY_ZERO',
    `The function '${call.name}' cannot divide by zero; check the divisor first, e.g. if(equals(divisor, 0), …, ${call.name}(…)).`,
    1,
  );
}

function isZero(value: Num): boolean {
  return value === 0n || value === 0;
}

/** `max` and `min`: several numbers, or one array of numbers; the winner keeps its kind. */
function extreme(args: readonly Value[], call: CallSite, sign: 1 | -1): Value {
  const first = args[0];
  const fromArray = args.length === 1 && Array.isArray(first);
  const items: readonly Value[] = fromArray ? (first as readonly Value[]) : args;
  if (items.length === 0) {
    return call.fail(
      'EXPR_INVALID_ARGUMENT',
      `The function '${call.name}' needs at least one number, but the array is empty; guard the call with if(empty(…), …, ${call.name}(…)).`,
      0,
    );
  }
  let best: Num | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Value;
    if (!isNumber(item)) {
      const found = item === null ? 'null' : `of type ${typeOf(item)}`;
      const where = fromArray ? `item ${i} of its array` : `its parameter ${i + 1}`;
      return call.fail(
        'EXPR_ARGUMENT_TYPE',
        `The function '${call.name}' expects Integers or Floats (as arguments or in one array), but ${where} is ${found}.`,
        fromArray ? 0 : i,
      );
    }
    if (best === undefined || compareNumbers(item, best) * sign > 0) best = item;
  }
  return best as Num;
}

/** Int op Int stays a checked 64-bit Int; any Float makes the operation a Float one. */
function arithmetic(
  onInts: (a: bigint, b: bigint) => bigint | undefined,
  onFloats: (x: number, y: number) => number,
  operator: string,
): (args: readonly Value[], call: CallSite) => Value {
  return (args, call) => {
    const [a, b] = args as readonly [Num, Num];
    if (typeof a === 'bigint' && typeof b === 'bigint') {
      return onInts(a, b) ?? intOverflow(call, a, operator, b);
    }
    const x = toFloat(a);
    const y = toFloat(b);
    return floatResult(call, onFloats(x, y), x, y, operator);
  };
}

function nonZeroDivisor(
  operation: (args: readonly Value[], call: CallSite) => Value,
): (args: readonly Value[], call: CallSite) => Value {
  return (args, call) => (isZero(args[1] as Num) ? divisionByZero(call) : operation(args, call));
}

/** ADF's math functions. */
export const mathFunctions = defineFunctions([
  {
    name: 'add',
    family: 'math',
    summary: 'Add two numbers; two Integers give an Integer, any Float gives a Float.',
    params: [
      { name: 'summand1', type: 'number' },
      { name: 'summand2', type: 'number' },
    ],
    returns: 'Integer | Float',
    examples: [
      { expression: "@add(variables('counter'), 1)", result: '4' },
      { expression: '@add(1, 1.5)', result: '2.5' },
    ],
    evaluate: arithmetic(checkedAdd, (x, y) => x + y, '+'),
  },
  {
    name: 'div',
    family: 'math',
    summary:
      'Divide the first number by the second: two Integers give the quotient truncated toward zero, any Float gives a Float.',
    params: [
      { name: 'dividend', type: 'number' },
      { name: 'divisor', type: 'number' },
    ],
    returns: 'Integer | Float',
    examples: [
      {
        expression:
          "@div(activity('LookupConfig').output.firstRow.rows, pipeline().parameters.batchSize)",
        result: '98',
      },
      { expression: '@div(7.0, 2)', result: '3.5' },
    ],
    evaluate: nonZeroDivisor(arithmetic(checkedDivide, (x, y) => x / y, '/')),
  },
  {
    name: 'max',
    family: 'math',
    summary: 'Return the largest of several numbers, or of the numbers in one array.',
    params: [{ name: 'numbers', type: 'any', variadic: true }],
    returns: 'Integer | Float',
    examples: [
      { expression: "@max(variables('counter'), 5, 2)", result: '5' },
      { expression: '@max(range(1, 4))', result: '4' },
    ],
    evaluate: (args, call) => extreme(args, call, 1),
  },
  {
    name: 'min',
    family: 'math',
    summary: 'Return the smallest of several numbers, or of the numbers in one array.',
    params: [{ name: 'numbers', type: 'any', variadic: true }],
    returns: 'Integer | Float',
    examples: [
      { expression: '@min(pipeline().parameters.batchSize, 250)', result: '100' },
      { expression: '@min(range(3, 4))', result: '3' },
    ],
    evaluate: (args, call) => extreme(args, call, -1),
  },
  {
    name: 'mod',
    family: 'math',
    summary:
      'Return the remainder of dividing the first number by the second; it has the sign of the dividend.',
    params: [
      { name: 'dividend', type: 'number' },
      { name: 'divisor', type: 'number' },
    ],
    returns: 'Integer | Float',
    examples: [
      {
        expression:
          "@mod(activity('LookupConfig').output.firstRow.rows, pipeline().parameters.batchSize)",
        result: '57',
      },
      { expression: '@mod(-5, 2)', result: '-1' },
    ],
    evaluate: nonZeroDivisor(arithmetic(remainder, (x, y) => x % y, '%')),
  },
  {
    name: 'mul',
    family: 'math',
    summary: 'Multiply two numbers.',
    params: [
      { name: 'multiplicand1', type: 'number' },
      { name: 'multiplicand2', type: 'number' },
    ],
    returns: 'Integer | Float',
    examples: [
      { expression: '@mul(pipeline().parameters.batchSize, 3)', result: '300' },
      { expression: '@mul(1.5, 2)', result: '3.0' },
    ],
    evaluate: arithmetic(checkedMultiply, (x, y) => x * y, '*'),
  },
  {
    name: 'rand',
    family: 'math',
    summary: 'Return a random Integer from minValue (included) up to maxValue (excluded).',
    params: [
      { name: 'minValue', type: 'integer' },
      { name: 'maxValue', type: 'integer' },
    ],
    returns: 'Integer',
    examples: [{ expression: '@rand(1, 5)', matches: /^[1-4]$/ }],
    evaluate: (args, call) => {
      const [min, max] = args as readonly [bigint, bigint];
      if (min >= max) {
        return call.fail(
          'EXPR_INVALID_ARGUMENT',
          `The function 'rand' needs maxValue (${max}) to be greater than minValue (${min}): the result is at least minValue and less than maxValue.`,
          1,
        );
      }
      const span = max - min;
      const drawn = (call.context.random ?? Math.random)();
      const unit = drawn >= 0 && drawn < 1 ? drawn : 0;
      const offset = BigInt(Math.floor(unit * Number(span)));
      return min + (offset < span ? offset : span - 1n);
    },
  },
  {
    name: 'range',
    family: 'math',
    summary:
      'Return an array of count consecutive Integers starting at startIndex (at most 100,000).',
    params: [
      { name: 'startIndex', type: 'integer' },
      { name: 'count', type: 'integer' },
    ],
    returns: 'Array',
    examples: [
      { expression: '@range(1, 4)', result: '[1,2,3,4]' },
      { expression: "@range(0, variables('counter'))", result: '[0,1,2]' },
    ],
    evaluate: (args, call) => {
      const [start, count] = args as readonly [bigint, bigint];
      if (count < 0n || count > RANGE_MAX_COUNT) {
        return call.fail(
          'EXPR_INVALID_ARGUMENT',
          `The function 'range' needs count to be between 0 and ${RANGE_MAX_COUNT}, but it is ${count}; for more items, loop over batches (e.g. range(0, 100000) then range(100000, 100000)).`,
          1,
        );
      }
      if (start < INT32_MIN) {
        return call.fail(
          'EXPR_INVALID_ARGUMENT',
          `The function 'range' needs startIndex to be at least ${INT32_MIN}, but it is ${start}.`,
          0,
        );
      }
      if (start + count > INT32_MAX) {
        return call.fail(
          'EXPR_INVALID_ARGUMENT',
          `The function 'range' needs startIndex + count (${start + count}) to be at most ${INT32_MAX}; start lower or ask for fewer items.`,
          0,
        );
      }
      const length = Number(count);
      const first = Number(start);
      const items = new Array<Value>(length);
      for (let i = 0; i < length; i++) items[i] = BigInt(first + i);
      return items;
    },
  },
  {
    name: 'sub',
    family: 'math',
    summary: 'Subtract the second number from the first.',
    params: [
      { name: 'minuend', type: 'number' },
      { name: 'subtrahend', type: 'number' },
    ],
    returns: 'Integer | Float',
    examples: [
      { expression: "@sub(activity('LookupConfig').output.firstRow.rows, 1)", result: '9856' },
      { expression: '@sub(10.5, 0.5)', result: '10.0' },
    ],
    evaluate: arithmetic(checkedSubtract, (x, y) => x - y, '-'),
  },
]);
