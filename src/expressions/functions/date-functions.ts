import { defineFunctions } from './function-definition.js';

/** ADF's date functions. */
export const dateFunctions = defineFunctions([]);
