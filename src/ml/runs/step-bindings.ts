/**
 * What a step's bindings mean in one run: each input's value or data path, each output's data
 * path, and the command line or arguments with `${{inputs.x}}` / `${{outputs.y}}` replaced by
 * values and local paths. Pure.
 */
import { quote } from 'shell-quote';
import type { MlDataPathValue, MlRunRecord, MlStepRunRecord } from '../../store/ml-store.js';
import { WORKSPACE_BLOB_STORE } from '../datastores/local-folder-datastore.js';
import { findPlaceholders } from '../ml-bindings.js';
import type {
  MlDataType,
  MlLiteral,
  MlPipelineDefinition,
  MlStep,
  MlValueType,
} from '../ml-pipeline-definition.js';

export type ResolvedStepInput =
  | { readonly name: string; readonly kind: 'value'; readonly value: MlLiteral }
  | {
      readonly name: string;
      readonly kind: 'data';
      readonly type: MlValueType;
      readonly dataPath: MlDataPathValue;
    };

export interface ResolvedStepOutput {
  readonly name: string;
  readonly type: MlDataType;
  /** Where the output lands; for `uri_file`, the file itself. */
  readonly dataPath: MlDataPathValue;
}

/**
 * The step's inputs in this run. An input whose source produced nothing (an optional parameter
 * without a value, the output of a step that failed before an `always_run` step) is left out.
 */
export function resolveStepInputs(
  step: MlStep,
  run: MlRunRecord,
  stepRuns: ReadonlyMap<string, MlStepRunRecord>,
  pipeline: MlPipelineDefinition,
): ResolvedStepInput[] {
  const resolved: ResolvedStepInput[] = [];
  for (const input of step.inputs) {
    const source = input.source;
    switch (source.kind) {
      case 'literal':
        resolved.push({ name: input.name, kind: 'value', value: source.value });
        break;
      case 'data-path':
        resolved.push({
          name: input.name,
          kind: 'data',
          type: input.type,
          dataPath: source.dataPath,
        });
        break;
      case 'pipeline-input': {
        const declared = pipeline.inputs.find((candidate) => candidate.name === source.inputName);
        if (declared?.kind === 'data') {
          const dataPath = run.dataPaths[source.inputName];
          if (dataPath)
            resolved.push({ name: input.name, kind: 'data', type: input.type, dataPath });
        } else {
          const value = run.parameters[source.inputName];
          if (value !== undefined) resolved.push({ name: input.name, kind: 'value', value });
        }
        break;
      }
      case 'step-output': {
        const dataPath = stepRuns.get(source.stepName)?.outputs[source.outputName];
        if (dataPath) resolved.push({ name: input.name, kind: 'data', type: input.type, dataPath });
        break;
      }
    }
  }
  return resolved;
}

/** Where each output of the step is written in this run. */
export function resolveStepOutputs(
  step: MlStep,
  stepRunId: string,
  pipeline: MlPipelineDefinition,
): ResolvedStepOutput[] {
  const datastore = pipeline.settings.defaultDatastore ?? WORKSPACE_BLOB_STORE;
  return step.outputs.map((output) => {
    const declared = output.pipelineOutput
      ? pipeline.outputs.find((candidate) => candidate.name === output.pipelineOutput)
      : undefined;
    if (declared?.dataPath) {
      return { name: output.name, type: output.type, dataPath: declared.dataPath };
    }
    const folder = `azureml/${stepRunId}/${output.name}`;
    const path = output.type === 'uri_file' ? `${folder}/${output.name}` : folder;
    return { name: output.name, type: output.type, dataPath: { datastore, path } };
  });
}

/** The local path (or the value) each placeholder stands for. */
export interface PlaceholderValues {
  readonly inputs: ReadonlyMap<string, string>;
  readonly outputs: ReadonlyMap<string, string>;
}

/**
 * Replaces `${{inputs.x}}` and `${{outputs.y}}`. Values and paths are shell-quoted when they
 * need it, so a path with a space stays one argument. An input without a value becomes ''.
 */
export function substitutePlaceholders(text: string, values: PlaceholderValues): string {
  let result = '';
  let last = 0;
  for (const placeholder of findPlaceholders(text)) {
    const reference = placeholder.reference;
    let value: string | undefined;
    if (reference?.kind === 'own-input') value = values.inputs.get(reference.name) ?? '';
    else if (reference?.kind === 'own-output') value = values.outputs.get(reference.name) ?? '';
    if (value === undefined) continue;
    result += text.slice(last, placeholder.offset) + shellWord(value);
    last = placeholder.offset + placeholder.text.length;
  }
  return result + text.slice(last);
}

function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(value) ? value : quote([value]);
}

/** `MILLRACE_INPUT_<NAME>` / `MILLRACE_OUTPUT_<NAME>`: names upper-cased, `-` as `_`. */
export function placeholderEnvironment(values: PlaceholderValues): Record<string, string> {
  const environment: Record<string, string> = {};
  const key = (name: string) => name.toUpperCase().replace(/-/g, '_');
  for (const [name, value] of values.inputs) environment[`MILLRACE_INPUT_${key(name)}`] = value;
  for (const [name, value] of values.outputs) environment[`MILLRACE_OUTPUT_${key(name)}`] = value;
  return environment;
}

export function literalText(value: MlLiteral): string {
  return typeof value === 'string' ? value : String(value);
}
