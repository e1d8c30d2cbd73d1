import { defineFunctions } from './function-definition.js';

/** ADF's collection functions. */
export const collectionFunctions = defineFunctions([]);
