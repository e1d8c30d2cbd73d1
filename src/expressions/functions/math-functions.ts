import { defineFunctions } from './function-definition.js';

/** ADF's math functions. */
export const mathFunctions = defineFunctions([]);
