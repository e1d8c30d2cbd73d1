import { collectionFunctions } from './collection-functions.js';
import { conversionFunctions } from './conversion-functions.js';
import { dateFunctions } from './date-functions.js';
import type { FunctionDefinition } from './function-definition.js';
import { logicalFunctions } from './logical-functions.js';
import { mathFunctions } from './math-functions.js';
import { stringFunctions } from './string-functions.js';
import { systemFunctions } from './system-functions.js';

/** Every built-in function, in ADF's documentation order of families. */
export const BUILTIN_FUNCTIONS: readonly FunctionDefinition[] = [
  ...stringFunctions,
  ...collectionFunctions,
  ...logicalFunctions,
  ...conversionFunctions,
  ...mathFunctions,
  ...dateFunctions,
  ...systemFunctions,
];

const byLowerCaseName = new Map<string, FunctionDefinition>();
for (const definition of BUILTIN_FUNCTIONS) {
  const key = definition.name.toLowerCase();
  if (byLowerCaseName.has(key))
    throw new Error(`built-in function ${definition.name} is defined twice`);
  byLowerCaseName.set(key, definition);
}

/** Finds a built-in function ignoring case, as ADF does. */
export function lookupFunction(name: string): FunctionDefinition | undefined {
  return byLowerCaseName.get(name.toLowerCase());
}
