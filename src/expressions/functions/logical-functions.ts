import { defineFunctions, type CallSite } from './function-definition.js';
import { compareNumbers, isNumber, typeOf, valuesEqual, type Value } from '../values.js';

/**
 * Strings order as .NET's culture-aware comparison orders them (the engine ADF shares with ARM
 * templates documents `greater('A', 'a')` as true, which an ordinal comparison would not give):
 * letters before case, lowercase before uppercase at equal letters.
 */
const stringCollator = new Intl.Collator('en-US', { usage: 'sort', sensitivity: 'variant' });

function kindOf(value: Value): string {
  return value === null ? 'null' : `of type ${typeOf(value)}`;
}

/** Compares two numbers or two strings; anything else fails with EXPR_ARGUMENT_TYPE. */
function compareOrdered(args: readonly Value[], call: CallSite): number {
  const a = args[0] as Value;
  const b = args[1] as Value;
  if (isNumber(a)) {
    if (isNumber(b)) return compareNumbers(a, b);
  } else if (typeof a === 'string') {
    if (typeof b === 'string') return a === b ? 0 : stringCollator.compare(a, b);
  } else {
    return call.fail(
      'EXPR_ARGUMENT_TYPE',
      `The function '${call.name}' compares Integers, Floats or Strings, but its parameter 1 ('value') is ${kindOf(a)}.`,
      0,
    );
  }
  const expected = typeof a === 'string' ? 'a String' : 'an Integer or a Float';
  return call.fail(
    'EXPR_ARGUMENT_TYPE',
    `The function '${call.name}' needs its parameter 2 ('compareTo') to be ${expected} like parameter 1, but it is ${kindOf(b)}; convert one side with int(), float() or string() first.`,
    1,
  );
}

const comparedParams = [
  { name: 'value', type: 'any' },
  { name: 'compareTo', type: 'any' },
] as const;

/** ADF's logical functions. `and`, `or` and `if` evaluate only the arguments they need. */
export const logicalFunctions = defineFunctions([
  {
    name: 'and',
    family: 'logical',
    summary: 'Check whether every expression is true, stopping at the first false one.',
    params: [
      { name: 'expression1', type: 'boolean' },
      { name: 'expression2', type: 'boolean', variadic: true },
    ],
    returns: 'Boolean',
    lazy: true,
    examples: [
      {
        expression:
          "@and(greater(variables('counter'), 0), equals(pipeline().globalParameters.environment, 'prod'))",
        result: 'true',
      },
      { expression: '@and(true, false)', result: 'false' },
    ],
    evaluate: (args) => {
      for (const arg of args) if (arg() === false) return false;
      return true;
    },
  },
  {
    name: 'equals',
    family: 'logical',
    summary:
      'Check whether two values are equal: numbers by value (1 equals 1.0), strings case-sensitively, arrays and objects item by item.',
    params: [
      { name: 'object1', type: 'any' },
      { name: 'object2', type: 'any' },
    ],
    returns: 'Boolean',
    examples: [
      { expression: "@equals(activity('LookupConfig').status, 'Succeeded')", result: 'true' },
      { expression: '@equals(1, 1.0)', result: 'true' },
      { expression: "@equals('1', 1)", result: 'false' },
    ],
    evaluate: (args) => valuesEqual(args[0] as Value, args[1] as Value),
  },
  {
    name: 'greater',
    family: 'logical',
    summary: 'Check whether the first number or string is greater than the second.',
    params: comparedParams,
    returns: 'Boolean',
    examples: [
      { expression: "@greater(activity('LookupConfig').output.firstRow.rows, 0)", result: 'true' },
      { expression: "@greater('apple', 'banana')", result: 'false' },
    ],
    evaluate: (args, call) => compareOrdered(args, call) > 0,
  },
  {
    name: 'greaterOrEquals',
    family: 'logical',
    summary: 'Check whether the first number or string is greater than or equal to the second.',
    params: comparedParams,
    returns: 'Boolean',
    examples: [
      { expression: '@greaterOrEquals(item().size, 1024)', result: 'true' },
      { expression: "@greaterOrEquals('2026-01-01', '2026-02-01')", result: 'false' },
    ],
    evaluate: (args, call) => compareOrdered(args, call) >= 0,
  },
  {
    name: 'if',
    family: 'logical',
    summary: 'Return one of two values depending on a condition, evaluating only the one returned.',
    params: [
      { name: 'expression', type: 'boolean' },
      { name: 'valueIfTrue', type: 'any' },
      { name: 'valueIfFalse', type: 'any' },
    ],
    returns: 'any',
    lazy: true,
    examples: [
      {
        expression:
          "@if(equals(pipeline().globalParameters.environment, 'prod'), 'curated', 'sandbox')",
        result: '"curated"',
      },
      { expression: "@if(greater(variables('counter'), 5), 'many', 'few')", result: '"few"' },
    ],
    evaluate: (args) => {
      const [condition, whenTrue, whenFalse] = args as readonly [
        () => Value,
        () => Value,
        () => Value,
      ];
      return condition() === true ? whenTrue() : whenFalse();
    },
  },
  {
    name: 'less',
    family: 'logical',
    summary: 'Check whether the first number or string is less than the second.',
    params: comparedParams,
    returns: 'Boolean',
    examples: [
      {
        expression: "@less(variables('counter'), pipeline().parameters.batchSize)",
        result: 'true',
      },
      { expression: "@less('banana', 'apple')", result: 'false' },
    ],
    evaluate: (args, call) => compareOrdered(args, call) < 0,
  },
  {
    name: 'lessOrEquals',
    family: 'logical',
    summary: 'Check whether the first number or string is less than or equal to the second.',
    params: comparedParams,
    returns: 'Boolean',
    examples: [
      { expression: '@lessOrEquals(pipeline().parameters.threshold, 0.5)', result: 'true' },
      { expression: "@lessOrEquals('apply', 'apple')", result: 'false' },
    ],
    evaluate: (args, call) => compareOrdered(args, call) <= 0,
  },
  {
    name: 'not',
    family: 'logical',
    summary: 'Return the opposite of a Boolean: true for false, false for true.',
    params: [{ name: 'expression', type: 'boolean' }],
    returns: 'Boolean',
    examples: [
      { expression: "@not(equals(activity('LookupConfig').status, 'Failed'))", result: 'true' },
    ],
    evaluate: (args) => args[0] === false,
  },
  {
    name: 'or',
    family: 'logical',
    summary: 'Check whether at least one expression is true, stopping at the first true one.',
    params: [
      { name: 'expression1', type: 'boolean' },
      { name: 'expression2', type: 'boolean', variadic: true },
    ],
    returns: 'Boolean',
    lazy: true,
    examples: [
      {
        expression:
          "@or(equals(pipeline().TriggerType, 'ScheduleTrigger'), equals(pipeline().TriggerType, 'Manual'))",
        result: 'true',
      },
      { expression: '@or(false, false)', result: 'false' },
    ],
    evaluate: (args) => {
      for (const arg of args) if (arg() === true) return true;
      return false;
    },
  },
]);
