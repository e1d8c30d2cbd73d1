/**
 * A linked service as an executor (or a connection test) gets it: its parameters bound to the
 * values given (else their `defaultValue`, else null), every expression of its typeProperties
 * evaluated with `linkedService()` as those values, and SecureStrings unwrapped to their text.
 * Pure: secrets are whatever the JSON holds (opened before, Key Vault references left as they are).
 */
import type { ActivityExecutionRequest } from '../activities/activity-executor.js';
import { fromJson, type EvaluationContext, type ValueObject } from '../expressions/index.js';
import type { JsonObject, JsonValue } from '../factory/resources.js';
import { resolveJson } from './resolve-values.js';

export type ResolvedLinkedService = NonNullable<ActivityExecutionRequest['linkedService']>;

/**
 * @param properties the linked service's `properties` (`type`, `typeProperties`, `parameters`).
 * @param given parameter values, already evaluated; names it does not declare are ignored.
 * @throws ResolutionFailure when an expression of its typeProperties cannot be evaluated.
 */
export function resolveLinkedServiceProperties(
  name: string,
  properties: JsonObject,
  given: JsonObject,
): ResolvedLinkedService {
  const declared = (properties.parameters ?? {}) as JsonObject;
  const values: JsonObject = {};
  for (const [parameter, spec] of Object.entries(declared)) {
    values[parameter] = given[parameter] ?? (spec as JsonObject | null)?.defaultValue ?? null;
  }
  const serviceContext: EvaluationContext = { linkedService: fromJson(values) as ValueObject };
  const typeProperties = unwrapSecureStrings(
    resolveJson(
      (properties.typeProperties ?? {}) as JsonObject,
      serviceContext,
      '/properties/typeProperties',
    ),
  ) as JsonObject;
  return { name, type: String(properties.type ?? ''), typeProperties };
}

/** `{ "type": "SecureString", "value": "…" }` becomes the value itself for the executor. */
function unwrapSecureStrings(json: JsonValue): JsonValue {
  if (Array.isArray(json)) return json.map(unwrapSecureStrings);
  if (typeof json !== 'object' || json === null) return json;
  if (json.type === 'SecureString' && typeof json.value === 'string') return json.value;
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => [key, unwrapSecureStrings(value)]),
  );
}
