import { defineFunctions } from './function-definition.js';

/** ADF's string functions. */
export const stringFunctions = defineFunctions([]);
