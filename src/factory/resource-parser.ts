/**
 * Turns resource JSON (`{ "name", "properties" }`) into the typed resources of `resources.ts`.
 * Lenient on purpose: whatever does not fit gets a neutral default here, and the validator reports
 * it from the JSON each resource keeps, so that one pass finds every problem. Pure.
 */
import { canonicalActivityType } from './activity-types.js';
import { pointerTo } from './json-pointer.js';
import { isJsonObject, objectOrEmpty, stringOrUndefined } from './json-values.js';
import {
  DependencyConditions,
  InactiveMarks,
  type Activity,
  type ActivityBranch,
  type ActivityDependency,
  type ActivityPolicy,
  type Dataset,
  type DependencyCondition,
  type JsonObject,
  type JsonValue,
  type LinkedService,
  type ParameterSpec,
  type Pipeline,
  type ResourceReference,
  type SourceLocation,
  type Trigger,
  type VariableSpec,
} from './resources.js';
import { parameterTypeOf, variableTypeOf } from './type-names.js';

/** A resource as found in a file: `{ name, properties }` at `source`. */
export interface ResourceJson {
  readonly name: string;
  readonly properties: JsonObject;
  readonly json: JsonObject;
  readonly source: SourceLocation;
}

export function parsePipeline(resource: ResourceJson): Pipeline {
  const { properties, source } = resource;
  const description = stringOrUndefined(properties.description);
  const folder = isJsonObject(properties.folder)
    ? stringOrUndefined(properties.folder.name)
    : undefined;
  return {
    name: resource.name,
    ...(description === undefined ? {} : { description }),
    activities: parseActivityList(
      properties.activities,
      source.file,
      pointerTo(source.pointer, 'properties', 'activities'),
    ),
    parameters: parseParameters(properties.parameters),
    variables: parseVariables(properties.variables),
    ...(typeof properties.concurrency === 'number' ? { concurrency: properties.concurrency } : {}),
    annotations: Array.isArray(properties.annotations) ? properties.annotations : [],
    ...(folder === undefined ? {} : { folder }),
    json: resource.json,
    source,
  };
}

export function parseLinkedService(resource: ResourceJson): LinkedService {
  const { properties } = resource;
  const connectVia = parseReference(properties.connectVia);
  return {
    name: resource.name,
    type: stringOrUndefined(properties.type) ?? '',
    typeProperties: objectOrEmpty(properties.typeProperties),
    parameters: parseParameters(properties.parameters),
    ...(connectVia === undefined ? {} : { connectVia }),
    json: resource.json,
    source: resource.source,
  };
}

export function parseDataset(resource: ResourceJson): Dataset {
  const { properties } = resource;
  return {
    name: resource.name,
    type: stringOrUndefined(properties.type) ?? '',
    linkedServiceName: parseReference(properties.linkedServiceName) ?? { referenceName: '' },
    parameters: parseParameters(properties.parameters),
    typeProperties: objectOrEmpty(properties.typeProperties),
    json: resource.json,
    source: resource.source,
  };
}

export function parseTrigger(resource: ResourceJson): Trigger {
  return {
    name: resource.name,
    type: stringOrUndefined(resource.properties.type) ?? '',
    json: resource.json,
    source: resource.source,
  };
}

/** The activities of one list; entries that are not objects are left to the validator. */
export function parseActivityList(
  json: JsonValue | undefined,
  file: string,
  listPointer: string,
): Activity[] {
  if (!Array.isArray(json)) return [];
  const activities: Activity[] = [];
  json.forEach((entry, index) => {
    if (isJsonObject(entry))
      activities.push(parseActivity(entry, file, pointerTo(listPointer, index)));
  });
  return activities;
}

export function parseActivity(json: JsonObject, file: string, pointer: string): Activity {
  const rawType = stringOrUndefined(json.type) ?? '';
  const type = canonicalActivityType(rawType) ?? rawType;
  const typeProperties = objectOrEmpty(json.typeProperties);
  const description = stringOrUndefined(json.description);
  const linkedServiceName = parseReference(json.linkedServiceName);
  return {
    name: stringOrUndefined(json.name) ?? '',
    type,
    ...(description === undefined ? {} : { description }),
    dependsOn: parseDependencies(json.dependsOn),
    state:
      typeof json.state === 'string' && json.state.toLowerCase() === 'inactive'
        ? 'Inactive'
        : 'Active',
    onInactiveMarkAs: oneOf(InactiveMarks, json.onInactiveMarkAs) ?? 'Succeeded',
    ...(linkedServiceName === undefined ? {} : { linkedServiceName }),
    policy: parsePolicy(json.policy),
    userProperties: parseUserProperties(json.userProperties),
    typeProperties,
    branches: parseBranches(type, typeProperties, file, pointerTo(pointer, 'typeProperties')),
    json,
    source: { file, pointer },
  };
}

function parseBranches(
  type: string,
  typeProperties: JsonObject,
  file: string,
  pointer: string,
): ActivityBranch[] {
  const branch = (key: string): ActivityBranch => ({
    key,
    activities: parseActivityList(typeProperties[key], file, pointerTo(pointer, key)),
  });
  switch (type) {
    case 'ForEach':
    case 'Until':
      return [branch('activities')];
    case 'IfCondition':
      return [branch('ifTrueActivities'), branch('ifFalseActivities')];
    case 'Switch': {
      const cases = Array.isArray(typeProperties.cases) ? typeProperties.cases : [];
      const caseBranches = cases.flatMap((entry, index): ActivityBranch[] => {
        if (!isJsonObject(entry)) return [];
        const caseValue =
          typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value ?? null);
        return [
          {
            key: `case '${caseValue}'`,
            caseValue,
            activities: parseActivityList(
              entry.activities,
              file,
              pointerTo(pointer, 'cases', index, 'activities'),
            ),
          },
        ];
      });
      return [...caseBranches, branch('defaultActivities')];
    }
    default:
      return [];
  }
}

function parseDependencies(json: JsonValue | undefined): ActivityDependency[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((entry): ActivityDependency[] => {
    if (!isJsonObject(entry) || typeof entry.activity !== 'string') return [];
    const conditions = Array.isArray(entry.dependencyConditions) ? entry.dependencyConditions : [];
    return [
      {
        activity: entry.activity,
        dependencyConditions: conditions.flatMap((condition): DependencyCondition[] => {
          const known = oneOf(DependencyConditions, condition);
          return known === undefined ? [] : [known];
        }),
      },
    ];
  });
}

function parsePolicy(json: JsonValue | undefined): ActivityPolicy {
  if (!isJsonObject(json)) return {};
  return {
    ...(json.timeout === undefined ? {} : { timeout: json.timeout }),
    ...(json.retry === undefined ? {} : { retry: json.retry }),
    ...(typeof json.retryIntervalInSeconds === 'number'
      ? { retryIntervalInSeconds: json.retryIntervalInSeconds }
      : {}),
    ...(typeof json.secureInput === 'boolean' ? { secureInput: json.secureInput } : {}),
    ...(typeof json.secureOutput === 'boolean' ? { secureOutput: json.secureOutput } : {}),
  };
}

function parseUserProperties(json: JsonValue | undefined): Activity['userProperties'] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((entry) =>
    isJsonObject(entry) && typeof entry.name === 'string'
      ? [{ name: entry.name, value: entry.value ?? null }]
      : [],
  );
}

export function parseReference(json: JsonValue | undefined): ResourceReference | undefined {
  if (!isJsonObject(json) || typeof json.referenceName !== 'string') return undefined;
  return {
    referenceName: json.referenceName,
    ...(isJsonObject(json.parameters) ? { parameters: json.parameters } : {}),
  };
}

/** Declared parameters; an unknown type reads as String here and is reported by the validator. */
export function parseParameters(json: JsonValue | undefined): Record<string, ParameterSpec> {
  return Object.fromEntries(
    Object.entries(objectOrEmpty(json)).flatMap(([name, spec]): [string, ParameterSpec][] => {
      if (!isJsonObject(spec)) return [];
      const type = parameterTypeOf(spec.type) ?? 'String';
      return [
        [
          name,
          'defaultValue' in spec ? { type, defaultValue: spec.defaultValue ?? null } : { type },
        ],
      ];
    }),
  );
}

function parseVariables(json: JsonValue | undefined): Record<string, VariableSpec> {
  return Object.fromEntries(
    Object.entries(objectOrEmpty(json)).flatMap(([name, spec]): [string, VariableSpec][] => {
      if (!isJsonObject(spec)) return [];
      const type = variableTypeOf(spec.type) ?? 'String';
      return [
        [
          name,
          'defaultValue' in spec ? { type, defaultValue: spec.defaultValue ?? null } : { type },
        ],
      ];
    }),
  );
}

/** The member of `allowed` equal to `value` ignoring case. */
function oneOf<T extends string>(
  allowed: readonly T[],
  value: JsonValue | undefined,
): T | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return allowed.find((candidate) => candidate.toLowerCase() === lower);
}
