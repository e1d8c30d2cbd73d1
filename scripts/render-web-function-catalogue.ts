/**
 * Renders `web/src/expression-editor/function-catalogue.json`: what the web UI's expression field
 * needs to know of each built-in function (name, arity, signature, summary) to check calls and
 * complete names. The browser cannot load the function definitions themselves (they use Node's
 * crypto and an XML library), so this file carries their declarations over; a test keeps it true.
 */
import { formatParam } from '../src/expressions/evaluator.js';
import { BUILTIN_FUNCTIONS } from '../src/expressions/index.js';
import type { FunctionDefinition } from '../src/expressions/index.js';
import type { CatalogueFunction } from '../web/src/expression-editor/function-catalogue.js';

export function catalogueEntry(definition: FunctionDefinition): CatalogueFunction {
  const { params } = definition;
  const last = params[params.length - 1];
  return {
    name: definition.name,
    family: definition.family,
    signature: `${definition.name}(${params.map(formatParam).join(', ')}): ${definition.returns}`,
    summary: definition.summary,
    minArgs: params.filter((param) => !param.optional).length,
    maxArgs: last?.variadic ? -1 : params.length,
  };
}

export function renderWebFunctionCatalogue(): string {
  return `${JSON.stringify(BUILTIN_FUNCTIONS.map(catalogueEntry), null, 2)}\n`;
}
