import { defineFunctions } from './function-definition.js';

/** ADF's conversion functions. */
export const conversionFunctions = defineFunctions([]);
