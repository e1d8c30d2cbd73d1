/**
 * The built-in functions as the expression field knows them: name, arity, signature and summary,
 * generated from src/expressions/functions by `npm run docs` into function-catalogue.json (the
 * definitions themselves need Node, so they cannot be bundled). Names ignore case, as in ADF.
 */
import catalogue from './function-catalogue.json' with { type: 'json' };

export interface CatalogueFunction {
  readonly name: string;
  readonly family: string;
  /** `name(param: type, optional?: type, repeated: type...): Returns` */
  readonly signature: string;
  readonly summary: string;
  readonly minArgs: number;
  /** -1 when the last parameter may repeat. */
  readonly maxArgs: number;
}

export const EXPRESSION_FUNCTIONS: readonly CatalogueFunction[] = catalogue;

const byLowerCaseName = new Map(
  EXPRESSION_FUNCTIONS.map((definition) => [definition.name.toLowerCase(), definition]),
);

export function lookupCatalogueFunction(name: string): CatalogueFunction | undefined {
  return byLowerCaseName.get(name.toLowerCase());
}
