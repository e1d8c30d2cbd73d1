/**
 * A published pipeline's `Definition` (`{pipeline, stepCode}`, the server's MlPipelineDefinition
 * as JSON) read defensively into the little the pages draw: inputs, outputs, and each step's
 * wiring. The server owns the shape; a definition this reader cannot follow yields undefined,
 * and the pages fall back to the step runs alone. Pure.
 */

export type StepInputSource =
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  | { readonly kind: 'data-path'; readonly datastore: string; readonly path: string }
  | { readonly kind: 'pipeline-input'; readonly inputName: string }
  | { readonly kind: 'step-output'; readonly stepName: string; readonly outputName: string };

export interface ModelStep {
  readonly name: string;
  readonly type: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly inputs: readonly { readonly name: string; readonly source: StepInputSource }[];
  readonly outputs: readonly { readonly name: string; readonly pipelineOutput?: string }[];
  readonly dependsOn: readonly string[];
  readonly allowReuse: boolean;
  /** Command steps: the command line with its placeholders. */
  readonly command?: string;
}

export interface ModelInput {
  readonly kind: 'parameter' | 'data';
  readonly name: string;
  /** `string`, `integer`, `number`, `boolean`, `uri_folder`, `uri_file` or `mltable`. */
  readonly type: string;
  readonly description?: string;
}

export interface PipelineModel {
  readonly name: string;
  readonly displayName?: string;
  readonly inputs: readonly ModelInput[];
  readonly outputs: readonly { readonly name: string; readonly type: string }[];
  /** Every step comes after the steps it depends on. */
  readonly steps: readonly ModelStep[];
}

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function objects(value: unknown): readonly Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function sourceOf(value: unknown): StepInputSource | undefined {
  if (!isObject(value)) return undefined;
  switch (value['kind']) {
    case 'literal': {
      const literal = value['value'];
      return typeof literal === 'string' ||
        typeof literal === 'number' ||
        typeof literal === 'boolean'
        ? { kind: 'literal', value: literal }
        : undefined;
    }
    case 'data-path': {
      const dataPath = value['dataPath'];
      if (!isObject(dataPath)) return undefined;
      const datastore = text(dataPath['datastore']);
      const path = text(dataPath['path']);
      return datastore === undefined || path === undefined
        ? undefined
        : { kind: 'data-path', datastore, path };
    }
    case 'pipeline-input': {
      const inputName = text(value['inputName']);
      return inputName === undefined ? undefined : { kind: 'pipeline-input', inputName };
    }
    case 'step-output': {
      const stepName = text(value['stepName']);
      const outputName = text(value['outputName']);
      return stepName === undefined || outputName === undefined
        ? undefined
        : { kind: 'step-output', stepName, outputName };
    }
    default:
      return undefined;
  }
}

function stepOf(value: Json): ModelStep | undefined {
  const name = text(value['name']);
  if (name === undefined) return undefined;
  const inputs = objects(value['inputs']).flatMap((input) => {
    const inputName = text(input['name']);
    const source = sourceOf(input['source']);
    return inputName === undefined || source === undefined ? [] : [{ name: inputName, source }];
  });
  const outputs = objects(value['outputs']).flatMap((output) => {
    const outputName = text(output['name']);
    if (outputName === undefined) return [];
    return [{ name: outputName, ...optional('pipelineOutput', text(output['pipelineOutput'])) }];
  });
  const dependsOn = Array.isArray(value['dependsOn'])
    ? value['dependsOn'].filter((entry): entry is string => typeof entry === 'string')
    : [];
  return {
    name,
    type: text(value['type']) ?? 'command',
    ...optional('displayName', text(value['displayName'])),
    ...optional('description', text(value['description'])),
    inputs,
    outputs,
    dependsOn,
    allowReuse: value['allowReuse'] !== false,
    ...optional('command', text(value['command'])),
  };
}

/** Steps in `stepOrder` when it names every step once, else as declared. */
function ordered(steps: readonly ModelStep[], stepOrder: unknown): readonly ModelStep[] {
  if (!Array.isArray(stepOrder) || stepOrder.length !== steps.length) return steps;
  const byName = new Map(steps.map((step) => [step.name, step]));
  const result = stepOrder.map((name) => (typeof name === 'string' ? byName.get(name) : undefined));
  return result.every((step): step is ModelStep => step !== undefined) &&
    new Set(result).size === steps.length
    ? result
    : steps;
}

/** The model of a published pipeline's `Definition`, or undefined when it has another shape. */
export function readPipelineModel(definition: unknown): PipelineModel | undefined {
  if (!isObject(definition)) return undefined;
  const pipeline = definition['pipeline'];
  if (!isObject(pipeline) || !Array.isArray(pipeline['steps'])) return undefined;
  const steps = objects(pipeline['steps']).map(stepOf);
  if (steps.some((step) => step === undefined)) return undefined;
  const inputs = objects(pipeline['inputs']).flatMap((input): ModelInput[] => {
    const name = text(input['name']);
    const kind = input['kind'];
    if (name === undefined || (kind !== 'parameter' && kind !== 'data')) return [];
    return [
      {
        kind,
        name,
        type: text(input['type']) ?? '',
        ...optional('description', text(input['description'])),
      },
    ];
  });
  const outputs = objects(pipeline['outputs']).flatMap((output) => {
    const name = text(output['name']);
    return name === undefined ? [] : [{ name, type: text(output['type']) ?? '' }];
  });
  return {
    name: text(pipeline['name']) ?? '',
    ...optional('displayName', text(pipeline['displayName'])),
    inputs,
    outputs,
    steps: ordered(steps as ModelStep[], pipeline['stepOrder']),
  };
}
