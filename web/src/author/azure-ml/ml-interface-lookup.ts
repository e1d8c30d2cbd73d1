/**
 * Where the panel finds the interface (parameters, data paths) of the pipeline an activity
 * names: a published pipeline by id, or an endpoint (by id or name) and one of its versions.
 * Nothing can be looked up for a reference given as an expression: it is known only at run time.
 */
import type { Json } from '../../api/factory-api.js';
import { isDynamicValue } from '../../expression-editor/expression-value.js';
import { isGiven, type PipelineReference } from './ml-activity-json.js';

export type InterfaceLookup =
  | { readonly kind: 'none'; readonly reason: 'empty' | 'expression' }
  | { readonly kind: 'pipeline'; readonly id: string }
  | {
      readonly kind: 'endpoint';
      readonly by: 'id' | 'name';
      readonly key: string;
      /** `undefined`: the default version; 'expression': chosen at run time. */
      readonly version: string | undefined | { readonly expression: string };
    };

function literalText(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function interfaceLookupOf(reference: PipelineReference): InterfaceLookup {
  if (!isGiven(reference.value)) return { kind: 'none', reason: 'empty' };
  if (isDynamicValue(reference.value)) return { kind: 'none', reason: 'expression' };
  const key = literalText(reference.value);
  if (key === undefined || key === '') return { kind: 'none', reason: 'empty' };
  if (reference.kind === 'pipeline') return { kind: 'pipeline', id: key };
  const version = reference.version;
  return {
    kind: 'endpoint',
    by: reference.kind === 'endpointId' ? 'id' : 'name',
    key,
    version: isDynamicValue(version)
      ? { expression: JSON.stringify(version) }
      : literalText(version) || undefined,
  };
}

export interface VersionedPipeline {
  readonly PipelineEndpointVersion: string;
  readonly IsDefaultVersion: boolean;
}

/** The version asked for, or the default one; `undefined` when the endpoint has no such version. */
export function pickEndpointVersion<T extends VersionedPipeline>(
  versions: readonly T[],
  version: string | undefined | { readonly expression: string },
): T | undefined {
  if (version === undefined || typeof version === 'object')
    return versions.find((entry) => entry.IsDefaultVersion);
  return versions.find((entry) => entry.PipelineEndpointVersion === version);
}
