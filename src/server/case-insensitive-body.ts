/**
 * Azure ML's service reads JSON bodies ignoring the letter case of keys (`experimentName` works
 * like `ExperimentName`), and clients rely on it. Before validation, this renames every top-level
 * body key that matches a property of the route's body schema, ignoring case, to the schema's
 * spelling; a key given twice in different cases is refused.
 */
import type { FastifyRequest } from 'fastify';
import { MlWorkspaceError } from '../ml/workspace/ml-workspace-errors.js';

interface SchemaWithProperties {
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly anyOf?: readonly SchemaWithProperties[];
}

/** Property names of a body schema (its own and those of its `anyOf` branches). */
export function schemaPropertyNames(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const { properties, anyOf } = schema as SchemaWithProperties;
  return [
    ...Object.keys(properties ?? {}),
    ...(anyOf ?? []).flatMap((branch) => schemaPropertyNames(branch)),
  ];
}

/** `body` with keys renamed to `names`' spelling; other keys are kept as they are. */
export function canonicalKeys(
  body: Readonly<Record<string, unknown>>,
  names: readonly string[],
): Record<string, unknown> {
  const byLowerCase = new Map(names.map((name) => [name.toLowerCase(), name]));
  const result: Record<string, unknown> = {};
  const givenAs = new Map<string, string>();
  for (const [key, value] of Object.entries(body)) {
    const name = byLowerCase.get(key.toLowerCase()) ?? key;
    const earlier = givenAs.get(name);
    if (earlier !== undefined) {
      throw new MlWorkspaceError(
        'ML_INVALID_REQUEST',
        `body.${name} is given twice ("${earlier}" and "${key}"); keys ignore letter case, so send it once.`,
        [{ name, problem: 'given twice' }],
      );
    }
    givenAs.set(name, key);
    result[name] = value;
  }
  return result;
}

/** A `preValidation` hook: applies {@link canonicalKeys} with the route's body schema. */
export async function caseInsensitiveBody(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const names = schemaPropertyNames(request.routeOptions.schema?.body);
  if (names.length === 0) return;
  request.body = canonicalKeys(body as Record<string, unknown>, names);
}
