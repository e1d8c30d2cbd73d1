import { defineFunctions } from './function-definition.js';

/** ADF's logical functions. */
export const logicalFunctions = defineFunctions([]);
