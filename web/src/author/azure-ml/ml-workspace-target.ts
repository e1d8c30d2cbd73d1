/**
 * Which ML workspace an AzureMLService linked service reaches when the activity runs, compared
 * with the one the panel lists from (this server's own, through the UI's API paths). Without
 * `millraceEndpoint` (or `endpoint`) the run uses the workspace of the process that runs it, here
 * this server; a URL of another server means the list may not match what will run.
 */
import type { Json, JsonObject } from '../../api/factory-api.js';
import { fieldTextOf } from '../../expression-editor/expression-value.js';
import { isGiven, isJsonObject } from './ml-activity-json.js';

export type WorkspaceTarget =
  | { readonly kind: 'this-server' }
  | { readonly kind: 'other-server'; readonly url: string }
  /** An expression the panel cannot resolve. */
  | { readonly kind: 'unknown'; readonly expression: string };

/** `@linkedService().name` or `@{linkedService().name}`, nothing more. */
const PARAMETER_ONLY = /^@(?:\{\s*linkedService\(\)\.(\w+)\s*\}|\s*linkedService\(\)\.(\w+)\s*)$/i;

/**
 * @param linkedService the linked service's `properties`.
 * @param parameterValues the activity's values for the linked service's parameters.
 * @param origin this server's origin (`location.origin`).
 */
export function workspaceTargetOf(
  linkedService: JsonObject,
  parameterValues: JsonObject,
  origin: string,
): WorkspaceTarget {
  const typeProperties = isJsonObject(linkedService['typeProperties'])
    ? linkedService['typeProperties']
    : {};
  const endpoint = isGiven(typeProperties['millraceEndpoint'])
    ? typeProperties['millraceEndpoint']
    : typeProperties['endpoint'];
  const resolved = resolve(endpoint, linkedService, parameterValues);
  if (resolved.kind !== 'text') return resolved;
  const url = resolved.text.trim();
  if (url === '') return { kind: 'this-server' };
  try {
    return new URL(url).origin === new URL(origin).origin
      ? { kind: 'this-server' }
      : { kind: 'other-server', url };
  } catch {
    return { kind: 'other-server', url };
  }
}

function resolve(
  value: Json | undefined,
  linkedService: JsonObject,
  parameterValues: JsonObject,
): { readonly kind: 'text'; readonly text: string } | WorkspaceTarget {
  if (!isGiven(value)) return { kind: 'text', text: '' };
  const { text, form } = fieldTextOf(value);
  if (form === 'literal') return { kind: 'text', text };
  if (form === 'json') return { kind: 'unknown', expression: text };
  const match = PARAMETER_ONLY.exec(text);
  const name = match?.[1] ?? match?.[2];
  if (name === undefined) return { kind: 'unknown', expression: text };
  const given = parameterValues[name];
  if (given !== undefined) {
    const inner = fieldTextOf(given);
    return inner.form === 'literal'
      ? { kind: 'text', text: inner.text }
      : { kind: 'unknown', expression: inner.text };
  }
  const declared = isJsonObject(linkedService['parameters'])
    ? linkedService['parameters'][name]
    : undefined;
  const fallback = isJsonObject(declared) ? declared['defaultValue'] : undefined;
  return typeof fallback === 'string' || fallback === undefined || fallback === null
    ? { kind: 'text', text: typeof fallback === 'string' ? fallback : '' }
    : { kind: 'unknown', expression: text };
}
