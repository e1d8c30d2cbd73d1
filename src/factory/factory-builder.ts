/**
 * Assembles a {@link Factory} from resource JSON, whatever file layout it came from (git folder,
 * pipeline file, ARM template). Pure: the loader reads the files, this decides what they hold.
 */
import { factoryProblem } from './factory-problems.js';
import { pointerTo } from './json-pointer.js';
import { findIgnoringCase, isJsonObject } from './json-values.js';
import {
  parseDataset,
  parseLinkedService,
  parsePipeline,
  parseTrigger,
  type ResourceJson,
} from './resource-parser.js';
import type {
  Dataset,
  Factory,
  FactoryProblem,
  GlobalParameter,
  JsonObject,
  JsonValue,
  LinkedService,
  Pipeline,
  SourceLocation,
  Trigger,
} from './resources.js';
import { describeType, parameterTypeOf, valueFitsType } from './type-names.js';

export const ResourceKinds = ['pipeline', 'linkedService', 'dataset', 'trigger'] as const;
export type ResourceKind = (typeof ResourceKinds)[number];

/** How each kind is named in messages. */
export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = {
  pipeline: 'pipeline',
  linkedService: 'linked service',
  dataset: 'dataset',
  trigger: 'trigger',
};

/** One resource's JSON (`{ name, properties }`) and where it sits. */
export interface ResourceDocument {
  readonly kind: ResourceKind;
  readonly json: JsonValue;
  readonly source: SourceLocation;
}

export interface FactoryInput {
  readonly name: string;
  readonly resources: readonly ResourceDocument[];
  /** `{ name: { type, value } }`, as in the factory resource's `properties.globalParameters`. */
  readonly globalParameters?: { readonly json: JsonValue; readonly source: SourceLocation };
}

export function buildFactory(input: FactoryInput): {
  factory: Factory;
  problems: FactoryProblem[];
} {
  const problems: FactoryProblem[] = [];
  const pipelines = new Map<string, Pipeline>();
  const linkedServices = new Map<string, LinkedService>();
  const datasets = new Map<string, Dataset>();
  const triggers = new Map<string, Trigger>();
  const globalParameters = input.globalParameters
    ? parseGlobalParameters(input.globalParameters.json, input.globalParameters.source, problems)
    : {};

  for (const document of input.resources) {
    const resource = resourceJson(document, problems);
    if (resource === undefined) continue;
    const add = <T extends { readonly source: SourceLocation }>(
      map: Map<string, T>,
      parse: (resource: ResourceJson) => T,
    ): void => {
      const existing = findIgnoringCase(map.keys(), resource.name);
      const first = existing === undefined ? undefined : map.get(existing);
      if (existing === undefined || first === undefined) {
        map.set(resource.name, parse(resource));
        return;
      }
      problems.push(
        factoryProblem(
          'FACTORY_DUPLICATE_RESOURCE_NAME',
          document.source.file,
          pointerTo(document.source.pointer, 'name'),
          `A ${RESOURCE_KIND_LABELS[document.kind]} named '${existing}' is already defined in ${describe(first.source)}; resource names ignore case, so rename one of them.`,
        ),
      );
    };
    switch (document.kind) {
      case 'pipeline':
        add(pipelines, parsePipeline);
        break;
      case 'linkedService':
        add(linkedServices, parseLinkedService);
        break;
      case 'dataset':
        add(datasets, parseDataset);
        break;
      case 'trigger':
        add(triggers, parseTrigger);
        break;
    }
  }
  const factory: Factory = {
    name: input.name,
    pipelines,
    linkedServices,
    datasets,
    triggers,
    globalParameters,
  };
  return { factory, problems };
}

function resourceJson(
  document: ResourceDocument,
  problems: FactoryProblem[],
): ResourceJson | undefined {
  const { json, source, kind } = document;
  const label = RESOURCE_KIND_LABELS[kind];
  const invalid = (pointer: string, what: string): undefined => {
    problems.push(
      factoryProblem(
        'FACTORY_INVALID_RESOURCE',
        source.file,
        pointer,
        `This ${label} ${what}; a resource is written { "name": "…", "properties": { … } }. It was skipped.`,
      ),
    );
    return undefined;
  };
  if (!isJsonObject(json)) return invalid(source.pointer, 'is not a JSON object');
  if (typeof json.name !== 'string' || json.name.trim() === '')
    return invalid(pointerTo(source.pointer, 'name'), 'has no "name" string');
  if (!isJsonObject(json.properties))
    return invalid(pointerTo(source.pointer, 'properties'), 'has no "properties" object');
  return { name: json.name, properties: json.properties, json, source };
}

function parseGlobalParameters(
  json: JsonValue,
  source: SourceLocation,
  problems: FactoryProblem[],
): Record<string, GlobalParameter> {
  if (!isJsonObject(json)) return {};
  const entries: [string, GlobalParameter][] = [];
  for (const [name, spec] of Object.entries(json)) {
    const pointer = pointerTo(source.pointer, name);
    if (!isJsonObject(spec)) {
      problems.push(
        factoryProblem(
          'FACTORY_INVALID_PROPERTY',
          source.file,
          pointer,
          `Global parameter '${name}' must be an object { "type": "…", "value": … }.`,
        ),
      );
      continue;
    }
    const type = parameterTypeOf(spec.type);
    const value = spec.value ?? null;
    if (type === undefined) {
      problems.push(unknownGlobalType(name, spec, source.file, pointer));
    } else if (!valueFitsType(value, type)) {
      problems.push(
        factoryProblem(
          'FACTORY_DEFAULT_VALUE_MISMATCH',
          source.file,
          pointerTo(pointer, 'value'),
          `Global parameter '${name}' is of type ${type} but its value is ${JSON.stringify(value)}; ${describeType(type)}.`,
        ),
      );
    }
    entries.push([name, { type: type ?? 'String', value }]);
  }
  return Object.fromEntries(entries);
}

function unknownGlobalType(
  name: string,
  spec: JsonObject,
  file: string,
  pointer: string,
): FactoryProblem {
  return factoryProblem(
    'FACTORY_UNKNOWN_PARAMETER_TYPE',
    file,
    pointerTo(pointer, 'type'),
    `Global parameter '${name}' has type ${JSON.stringify(spec.type ?? null)}; use String, Int, Float, Bool, Array or Object.`,
  );
}

function describe(source: SourceLocation): string {
  return source.pointer === '' ? source.file : `${source.file}#${source.pointer}`;
}
