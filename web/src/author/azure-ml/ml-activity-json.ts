/**
 * Reading and editing an `AzureMLExecutePipeline` activity's JSON, without losing anything the
 * panel does not show. Every edit returns a new activity; an empty value removes its property
 * (the published defaults then apply), and an emptied map is removed as a whole.
 *
 * Glossary:
 * - pipeline reference: which published pipeline runs: `mlPipelineId`, `mlPipelineEndpointId`
 *   (with an optional `version`) or Millrace's `mlPipelineEndpointName` (with `version`).
 * - parameter assignment: `mlPipelineParameters[name]`, a literal or an expression.
 * - data path assignment: `dataPathAssignments[name]`, `{DataStoreName, RelativePath}` (each part
 *   a literal or an expression), or Millrace's shorthand `"datastore/path"`.
 */
import type { Json, JsonObject } from '../../api/factory-api.js';
import { isDynamicValue } from '../../expression-editor/expression-value.js';

export const ReferenceKinds = ['pipeline', 'endpointId', 'endpointName'] as const;
export type ReferenceKind = (typeof ReferenceKinds)[number];

export const REFERENCE_PROPERTY: Readonly<Record<ReferenceKind, string>> = {
  pipeline: 'mlPipelineId',
  endpointId: 'mlPipelineEndpointId',
  endpointName: 'mlPipelineEndpointName',
};

export interface PipelineReference {
  readonly kind: ReferenceKind;
  readonly value: Json | undefined;
  /** The endpoint version (`undefined`: the endpoint's default). */
  readonly version: Json | undefined;
}

export interface DataPathParts {
  readonly DataStoreName: Json | undefined;
  readonly RelativePath: Json | undefined;
  /** The whole assignment is one expression (or something the form cannot split). */
  readonly whole?: Json;
}

export type DataPathPart = 'DataStoreName' | 'RelativePath';

export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value the user gave: neither missing, null nor empty text. */
export function isGiven(value: Json | undefined): value is Json {
  return value !== undefined && value !== null && value !== '';
}

export function typePropertiesOf(activity: JsonObject): JsonObject {
  const found = activity['typeProperties'];
  return isJsonObject(found) ? found : {};
}

export function typeProperty(activity: JsonObject, name: string): Json | undefined {
  return typePropertiesOf(activity)[name];
}

export function withTypeProperty(
  activity: JsonObject,
  name: string,
  value: Json | undefined,
): JsonObject {
  const typeProperties = { ...typePropertiesOf(activity) };
  if (isGiven(value)) typeProperties[name] = value;
  else delete typeProperties[name];
  return { ...activity, typeProperties };
}

/** The first reference given, in the order validation reads them; a published pipeline if none. */
export function readPipelineReference(activity: JsonObject): PipelineReference {
  const typeProperties = typePropertiesOf(activity);
  const kind =
    ReferenceKinds.find((candidate) => isGiven(typeProperties[REFERENCE_PROPERTY[candidate]])) ??
    'pipeline';
  const version = typeProperties['version'];
  return {
    kind,
    value: typeProperties[REFERENCE_PROPERTY[kind]],
    version: isGiven(version) ? version : undefined,
  };
}

/** Names the pipeline one way only: the other two reference properties go, and `version` goes
 * with a published pipeline id (it already names one version). */
export function withPipelineReference(
  activity: JsonObject,
  reference: PipelineReference,
): JsonObject {
  const typeProperties = { ...typePropertiesOf(activity) };
  for (const kind of ReferenceKinds) delete typeProperties[REFERENCE_PROPERTY[kind]];
  delete typeProperties['version'];
  if (isGiven(reference.value))
    typeProperties[REFERENCE_PROPERTY[reference.kind]] = reference.value;
  if (reference.kind !== 'pipeline' && isGiven(reference.version))
    typeProperties['version'] = reference.version;
  return { ...activity, typeProperties: reorderReference(typeProperties) };
}

/** Keeps the reference first, where people look for it. */
function reorderReference(typeProperties: JsonObject): JsonObject {
  const first = [...ReferenceKinds.map((kind) => REFERENCE_PROPERTY[kind]), 'version'];
  const ordered: JsonObject = {};
  for (const name of first) if (name in typeProperties) ordered[name] = typeProperties[name]!;
  for (const [name, value] of Object.entries(typeProperties))
    if (!first.includes(name)) ordered[name] = value;
  return ordered;
}

export function readAssignments(activity: JsonObject, property: string): JsonObject {
  const found = typeProperty(activity, property);
  return isJsonObject(found) && !isDynamicValue(found) ? found : {};
}

/** True when the whole map is one expression, so the form cannot show its entries. */
export function assignmentsAreDynamic(activity: JsonObject, property: string): boolean {
  return isDynamicValue(typeProperty(activity, property));
}

function withAssignment(
  activity: JsonObject,
  property: string,
  name: string,
  value: Json | undefined,
): JsonObject {
  const assignments = { ...readAssignments(activity, property) };
  if (isGiven(value)) assignments[name] = value;
  else delete assignments[name];
  return withTypeProperty(
    activity,
    property,
    Object.keys(assignments).length === 0 ? undefined : assignments,
  );
}

export function withParameter(
  activity: JsonObject,
  name: string,
  value: Json | undefined,
): JsonObject {
  return withAssignment(activity, 'mlPipelineParameters', name, value);
}

export function dataPathParts(value: Json | undefined): DataPathParts {
  if (value === undefined || value === null)
    return { DataStoreName: undefined, RelativePath: undefined };
  if (isJsonObject(value) && !isDynamicValue(value))
    return { DataStoreName: value['DataStoreName'], RelativePath: value['RelativePath'] };
  if (typeof value === 'string' && !isDynamicValue(value)) {
    const slash = value.indexOf('/');
    if (slash > 0)
      return { DataStoreName: value.slice(0, slash), RelativePath: value.slice(slash + 1) };
  }
  return { DataStoreName: undefined, RelativePath: undefined, whole: value };
}

/**
 * Sets one part of a data path assignment, written as `{DataStoreName, RelativePath}`. A path
 * needs both parts, so a missing one is taken from `fallback` (the published default); with
 * neither part left, the assignment goes.
 */
export function withDataPathPart(
  activity: JsonObject,
  name: string,
  part: DataPathPart,
  value: Json | undefined,
  fallback?: { readonly DataStoreName: string; readonly RelativePath: string } | null,
): JsonObject {
  const current = dataPathParts(readAssignments(activity, 'dataPathAssignments')[name]);
  const next = { DataStoreName: current.DataStoreName, RelativePath: current.RelativePath };
  next[part] = value;
  if (!isGiven(next.DataStoreName) && !isGiven(next.RelativePath))
    return withAssignment(activity, 'dataPathAssignments', name, undefined);
  const other: DataPathPart = part === 'DataStoreName' ? 'RelativePath' : 'DataStoreName';
  if (!isGiven(next[other]) && fallback !== undefined && fallback !== null)
    next[other] = fallback[other];
  const assignment: JsonObject = {};
  if (isGiven(next.DataStoreName)) assignment['DataStoreName'] = next.DataStoreName;
  if (next.RelativePath !== undefined) assignment['RelativePath'] = next.RelativePath;
  return withAssignment(activity, 'dataPathAssignments', name, assignment);
}

export function withDataPath(
  activity: JsonObject,
  name: string,
  value: Json | undefined,
): JsonObject {
  return withAssignment(activity, 'dataPathAssignments', name, value);
}

export interface LinkedServiceReference {
  readonly referenceName: string;
  readonly parameters: JsonObject;
}

export function readLinkedService(activity: JsonObject): LinkedServiceReference | undefined {
  const found = activity['linkedServiceName'];
  if (!isJsonObject(found) || typeof found['referenceName'] !== 'string') return undefined;
  const parameters = found['parameters'];
  return {
    referenceName: found['referenceName'],
    parameters: isJsonObject(parameters) ? parameters : {},
  };
}

/** A different linked service starts without parameter values (they were the old one's). */
export function withLinkedService(activity: JsonObject, referenceName: string): JsonObject {
  const next = { ...activity };
  if (referenceName === '') delete next['linkedServiceName'];
  else next['linkedServiceName'] = { referenceName, type: 'LinkedServiceReference' };
  return next;
}

export function withLinkedServiceParameter(
  activity: JsonObject,
  name: string,
  value: Json | undefined,
): JsonObject {
  const current = readLinkedService(activity);
  if (current === undefined) return activity;
  const parameters = { ...current.parameters };
  if (isGiven(value)) parameters[name] = value;
  else delete parameters[name];
  const reference: JsonObject = {
    referenceName: current.referenceName,
    type: 'LinkedServiceReference',
  };
  if (Object.keys(parameters).length > 0) reference['parameters'] = parameters;
  return { ...activity, linkedServiceName: reference };
}

/** A JSON pointer from path segments (`~` and `/` escaped as RFC 6901 says). */
export function pointer(...segments: readonly string[]): string {
  return segments.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * The validation problems that belong to a field: at its pointer or (with `descendants`) below
 * it, joined into one message; `undefined` when there are none.
 */
export function problemAt(
  problems: Readonly<Record<string, string>> | undefined,
  fieldPointer: string,
  descendants = true,
): string | undefined {
  if (problems === undefined) return undefined;
  const found = Object.entries(problems)
    .filter(([at]) => at === fieldPointer || (descendants && at.startsWith(`${fieldPointer}/`)))
    .map(([, message]) => message);
  return found.length === 0 ? undefined : found.join(' ');
}
