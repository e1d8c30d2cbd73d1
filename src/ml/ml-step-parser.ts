/**
 * Reads one `jobs.<name>` entry (type command or parallel) into a draft step: its own fields are
 * checked here; bindings to other steps are resolved by ml-pipeline-checks once all are read.
 */
import { isMap, isScalar } from 'yaml';
import type { Node } from 'yaml';

import { classifyBindingValue, findPlaceholders } from './ml-bindings.js';
import type { MlBindingReference } from './ml-bindings.js';
import type { DatastoreContext } from './ml-data-reader.js';
import { readDataPath } from './ml-data-reader.js';
import { checkIoName, isDataType, literalFits } from './ml-pipeline-io-parser.js';
import {
  DEFAULT_RETRY_POLICY,
  ML_DATA_MODES,
  ML_DATA_TYPES,
  ML_LOGGING_LEVELS,
  ML_OUTPUT_ACTIONS,
  ML_PARAMETER_TYPES,
  ML_RETRY_BACKOFFS,
  ML_STEP_TYPES,
} from './ml-pipeline-definition.js';
import type {
  MlDataMode,
  MlRetryPolicy,
  MlSourceLocation,
  MlStepInputSource,
  MlStepOutput,
  MlValueType,
} from './ml-pipeline-definition.js';
import type { YamlField, YamlMapView, YamlReader } from './yaml-reader.js';

/** Azure ML v2's rule for pipeline node names. */
export const STEP_NAME = /^[a-z_][a-z0-9_]*$/;
const STEP_NAME_MAX = 255;

const COMMON_KEYS = [
  'type',
  'name',
  'display_name',
  'description',
  'tags',
  'inputs',
  'outputs',
  'environment',
  'compute',
  'environment_variables',
  'allow_reuse',
  'is_deterministic',
  'timeout',
  'limits',
  'retry',
  'always_run',
  'resources',
];
const COMMAND_KEYS = [...COMMON_KEYS, 'command', 'code'];
const PARALLEL_KEYS = [
  ...COMMON_KEYS,
  'input_data',
  'mini_batch_size',
  'max_concurrency_per_instance',
  'run_max_try',
  'run_invocation_timeout',
  'retry_settings',
  'error_threshold',
  'mini_batch_error_threshold',
  'allowed_failed_count',
  'allowed_failed_percent',
  'output_action',
  'logging_level',
  'task',
  'append_row_file_name',
];
const TASK_KEYS = [
  'type',
  'code',
  'entry_script',
  'program_arguments',
  'args',
  'environment',
  'append_row_to',
];
const STEP_INPUT_KEYS = ['type', 'path', 'datastore', 'mode', 'optional', 'value'];
const STEP_OUTPUT_KEYS = ['type', 'mode', 'path'];
const VALUE_TYPES: readonly MlValueType[] = [...ML_PARAMETER_TYPES, ...ML_DATA_TYPES];

export interface DraftStepInput {
  readonly name: string;
  readonly source: MlStepInputSource;
  readonly declaredType?: MlValueType;
  readonly mode?: MlDataMode;
  readonly optional: boolean;
  /** The node holding the binding or value, for problems found when resolving it. */
  readonly node: Node | null;
  readonly path: string;
}

export interface DraftStepOutput {
  readonly output: MlStepOutput;
  readonly node: Node | null;
  readonly path: string;
}

/** A `${{inputs.x}}`/`${{outputs.y}}` reference inside a string field, with its file offset. */
export interface DraftPlaceholderUse {
  readonly reference: MlBindingReference;
  readonly offset: number;
  readonly path: string;
}

export interface DraftParallel {
  readonly inputData?: { readonly name: string; readonly node: Node | null; readonly path: string };
  readonly miniBatchSize?: {
    readonly raw: string | number;
    readonly node: Node | null;
    readonly path: string;
  };
  readonly code?: string;
  readonly codeLocation?: MlSourceLocation;
  readonly entryScript?: string;
  readonly entryScriptLocation?: MlSourceLocation;
  readonly programArguments: string;
  readonly instanceCount: number;
  readonly maxConcurrencyPerInstance: number;
  readonly runMaxTry: number;
  readonly runInvocationTimeoutSeconds: number;
  readonly errorThreshold: number;
  readonly allowedFailedCount: number;
  readonly allowedFailedPercent: number;
  readonly outputAction: (typeof ML_OUTPUT_ACTIONS)[number];
  readonly appendRowTo?: string;
  readonly appendRowFileName: string;
  readonly loggingLevel: (typeof ML_LOGGING_LEVELS)[number];
}

export interface DraftStep {
  readonly name: string;
  readonly type: (typeof ML_STEP_TYPES)[number];
  readonly path: string;
  readonly nameNode: Node;
  readonly location: MlSourceLocation;
  readonly displayName?: string;
  readonly description?: string;
  readonly inputs: readonly DraftStepInput[];
  readonly outputs: readonly DraftStepOutput[];
  readonly environment?: string;
  readonly compute?: string;
  readonly environmentVariables: Readonly<Record<string, string>>;
  readonly allowReuse: boolean;
  readonly timeoutSeconds?: number;
  readonly retry: MlRetryPolicy;
  readonly alwaysRun: boolean;
  readonly command?: string;
  readonly code?: string;
  readonly codeLocation?: MlSourceLocation;
  readonly parallel?: DraftParallel;
}

export function readStep(
  reader: YamlReader,
  field: YamlField,
  datastores: DatastoreContext,
): DraftStep | undefined {
  const name = field.key;
  if (!STEP_NAME.test(name) || name.length > STEP_NAME_MAX) {
    reader.report(
      'ML_INVALID_NAME',
      `Step name "${name}" must be lower-case letters, digits and underscores, start with a letter or underscore, and be at most ${STEP_NAME_MAX} characters.`,
      field.keyNode,
      field.path,
    );
  }
  const probe = reader.map(field.value, field.path, field.keyNode);
  if (!probe) return undefined;
  const typeField = probe.fields.get('type');
  const typeValue = typeField ? reader.scalar(typeField) : undefined;
  const type = ML_STEP_TYPES.find((candidate) => candidate === typeValue);
  if (!typeField) reader.missing(probe, 'type', 'command or parallel');
  else if (!type) reader.invalid(typeField, `one of ${ML_STEP_TYPES.join(', ')}`);
  if (!type) return undefined;
  // Re-read with the type's keys so unknown ones are warned about once.
  const view = reader.map(field.value, field.path, field.keyNode, {
    allowedKeys: type === 'command' ? COMMAND_KEYS : PARALLEL_KEYS,
  })!;
  const inputs = readStepInputs(reader, view, datastores);
  const outputs = readStepOutputs(reader, view);
  const own = {
    inputs: new Set(inputs.map((i) => i.name)),
    outputs: new Set(outputs.map((o) => o.output.name)),
  };
  for (const input of inputs) {
    if (own.outputs.has(input.name)) {
      reader.report(
        'ML_DUPLICATE_NAME',
        `Step "${name}" has an input and an output named "${input.name}"; rename one.`,
        input.node,
        input.path,
      );
    }
  }
  const displayName = reader.string(view, 'display_name');
  const description = reader.string(view, 'description');
  const environment = readEnvironment(reader, view);
  const compute = reader.string(view, 'compute');
  const timeoutSeconds = readTimeout(reader, view);
  const base = {
    name,
    type,
    path: field.path,
    nameNode: field.keyNode,
    location: reader.locate(field.keyNode, field.path),
    inputs,
    outputs,
    environmentVariables: readEnvironmentVariables(reader, view),
    allowReuse: readAllowReuse(reader, view),
    retry: readRetry(reader, view),
    alwaysRun: reader.boolean(view, 'always_run') ?? false,
    ...(displayName !== undefined ? { displayName } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(environment !== undefined ? { environment } : {}),
    ...(compute !== undefined ? { compute } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  };
  if (type === 'command') {
    const command = reader.string(view, 'command', { required: true });
    if (command !== undefined) checkPlaceholders(reader, view.fields.get('command')!, own);
    const code = reader.string(view, 'code');
    const codeField = view.fields.get('code');
    return {
      ...base,
      ...(command !== undefined ? { command } : {}),
      ...(code !== undefined && codeField
        ? { code, codeLocation: reader.locate(codeField.keyNode, codeField.path) }
        : {}),
    };
  }
  return { ...base, parallel: readParallel(reader, view, own) };
}

function readEnvironment(reader: YamlReader, view: YamlMapView): string | undefined {
  const field = view.fields.get('environment');
  // An inline environment (a mapping) is accepted as is; only a named one is kept.
  if (field?.value && isMap(field.value)) return undefined;
  return reader.string(view, 'environment');
}

function readTimeout(reader: YamlReader, view: YamlMapView): number | undefined {
  const millrace = reader.integer(view, 'timeout', { min: 1 });
  const limitsField = view.fields.get('limits');
  if (!limitsField) return millrace;
  const limits = reader.map(limitsField.value, limitsField.path, limitsField.keyNode, {
    allowedKeys: ['timeout'],
  });
  const azure = limits ? reader.integer(limits, 'timeout', { min: 1 }) : undefined;
  if (millrace !== undefined && azure !== undefined && millrace !== azure) {
    reader.invalid(limitsField, `absent or equal to "timeout" (${millrace})`);
  }
  return millrace ?? azure;
}

function readAllowReuse(reader: YamlReader, view: YamlMapView): boolean {
  const allowReuse = reader.boolean(view, 'allow_reuse');
  const deterministic = reader.boolean(view, 'is_deterministic');
  if (allowReuse !== undefined && deterministic !== undefined && allowReuse !== deterministic) {
    reader.invalid(
      view.fields.get('is_deterministic')!,
      `absent or equal to allow_reuse (${allowReuse})`,
    );
  }
  return allowReuse ?? deterministic ?? true;
}

function readRetry(reader: YamlReader, view: YamlMapView): MlRetryPolicy {
  const field = view.fields.get('retry');
  if (!field) return DEFAULT_RETRY_POLICY;
  const retry = reader.map(field.value, field.path, field.keyNode, {
    allowedKeys: ['max_attempts', 'interval_seconds', 'backoff'],
  });
  if (!retry) return DEFAULT_RETRY_POLICY;
  return {
    maxAttempts:
      reader.integer(retry, 'max_attempts', { min: 1, max: 100 }) ??
      DEFAULT_RETRY_POLICY.maxAttempts,
    intervalSeconds:
      reader.integer(retry, 'interval_seconds', { min: 0 }) ?? DEFAULT_RETRY_POLICY.intervalSeconds,
    backoff: reader.oneOf(retry, 'backoff', ML_RETRY_BACKOFFS) ?? DEFAULT_RETRY_POLICY.backoff,
  };
}

function readEnvironmentVariables(reader: YamlReader, view: YamlMapView): Record<string, string> {
  const field = view.fields.get('environment_variables');
  const variables: Record<string, string> = {};
  if (!field) return variables;
  const map = reader.map(field.value, field.path, field.keyNode, { nullIsEmpty: true });
  for (const variable of map?.fields.values() ?? []) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable.key)) {
      reader.report(
        'ML_INVALID_NAME',
        `Environment variable name "${variable.key}" must be letters, digits and underscores.`,
        variable.keyNode,
        variable.path,
      );
    }
    const value = reader.scalar(variable);
    if (value === null || value === undefined) reader.invalid(variable, 'a string');
    else variables[variable.key] = String(value);
  }
  return variables;
}

function readStepInputs(
  reader: YamlReader,
  view: YamlMapView,
  datastores: DatastoreContext,
): DraftStepInput[] {
  const field = view.fields.get('inputs');
  if (!field) return [];
  const map = reader.map(field.value, field.path, field.keyNode, { nullIsEmpty: true });
  const inputs: DraftStepInput[] = [];
  for (const input of map?.fields.values() ?? []) {
    checkIoName(reader, input, 'Input');
    const draft = readStepInput(reader, input, datastores);
    if (draft) inputs.push(draft);
  }
  return inputs;
}

function readStepInput(
  reader: YamlReader,
  field: YamlField,
  datastores: DatastoreContext,
): DraftStepInput | undefined {
  const base = { name: field.key, node: field.value, path: field.path };
  if (field.value !== null && isScalar(field.value)) {
    const source = readValueOrBinding(reader, field, reader.scalar(field));
    return source ? { ...base, source, optional: false } : undefined;
  }
  const view = reader.map(field.value, field.path, field.keyNode, { allowedKeys: STEP_INPUT_KEYS });
  if (!view) return undefined;
  const declaredType = reader.oneOf(view, 'type', VALUE_TYPES);
  const mode = reader.oneOf(view, 'mode', ML_DATA_MODES);
  const optional = reader.boolean(view, 'optional') ?? false;
  const extra = { optional, ...(declaredType ? { declaredType } : {}), ...(mode ? { mode } : {}) };
  const valueField = view.fields.get('value');
  if (valueField) {
    const source = readValueOrBinding(reader, valueField, reader.scalar(valueField));
    if (
      source?.kind === 'literal' &&
      declaredType &&
      (isDataType(declaredType) || !literalFits(source.value, declaredType))
    ) {
      reader.invalid(valueField, `a ${declaredType} (the input's type)`);
    }
    return source
      ? { ...base, node: valueField.value, path: valueField.path, source, ...extra }
      : undefined;
  }
  const pathField = view.fields.get('path');
  const pathValue = pathField ? reader.scalar(pathField) : undefined;
  if (pathField && typeof pathValue === 'string' && pathValue.includes('${{')) {
    const source = readValueOrBinding(reader, pathField, pathValue);
    return source
      ? { ...base, node: pathField.value, path: pathField.path, source, ...extra }
      : undefined;
  }
  if (declaredType && !isDataType(declaredType)) {
    reader.missing(view, 'value', `a ${declaredType} input needs a value or a binding`);
    return undefined;
  }
  const dataPath = readDataPath(reader, view, datastores);
  if (!dataPath) {
    if (!pathField) reader.missing(view, 'path', 'a data input needs a path or a binding');
    return undefined;
  }
  return {
    ...base,
    source: { kind: 'data-path', dataPath },
    ...extra,
    declaredType: declaredType ?? 'uri_folder',
  };
}

function readValueOrBinding(
  reader: YamlReader,
  field: YamlField,
  value: ReturnType<YamlReader['scalar']>,
): MlStepInputSource | undefined {
  if (value === null || value === undefined) {
    reader.invalid(field, 'a value, a binding or a mapping');
    return undefined;
  }
  if (typeof value !== 'string') return { kind: 'literal', value };
  const classified = classifyBindingValue(value);
  if (classified.kind === 'plain') return { kind: 'literal', value };
  const reference = classified.kind === 'binding' ? classified.placeholder.reference : undefined;
  if (reference?.kind === 'parent-input')
    return { kind: 'pipeline-input', inputName: reference.name };
  if (reference?.kind === 'parent-step-output') {
    return { kind: 'step-output', stepName: reference.stepName, outputName: reference.outputName };
  }
  reader.report(
    'ML_INVALID_BINDING',
    `"${field.path}" must be a literal or exactly one binding, \${{parent.inputs.<name>}} or \${{parent.jobs.<step>.outputs.<name>}}, not "${value}".`,
    field.value,
    field.path,
  );
  return undefined;
}

function readStepOutputs(reader: YamlReader, view: YamlMapView): DraftStepOutput[] {
  const field = view.fields.get('outputs');
  if (!field) return [];
  const map = reader.map(field.value, field.path, field.keyNode, { nullIsEmpty: true });
  const outputs: DraftStepOutput[] = [];
  for (const output of map?.fields.values() ?? []) {
    checkIoName(reader, output, 'Output');
    const base = { node: output.value, path: output.path };
    const value = reader.scalar(output);
    if (typeof value === 'string') {
      const pipelineOutput = readParentOutputBinding(reader, output, value);
      if (pipelineOutput)
        outputs.push({ ...base, output: { name: output.key, type: 'uri_folder', pipelineOutput } });
      continue;
    }
    const outputView = reader.map(output.value, output.path, output.keyNode, {
      allowedKeys: STEP_OUTPUT_KEYS,
      nullIsEmpty: true,
    });
    if (!outputView) continue;
    const type = reader.oneOf(outputView, 'type', ML_DATA_TYPES) ?? 'uri_folder';
    const mode = reader.oneOf(outputView, 'mode', ML_DATA_MODES);
    const pathField = outputView.fields.get('path');
    const pathValue = pathField ? reader.string(outputView, 'path') : undefined;
    const pipelineOutput =
      pathField && pathValue !== undefined
        ? readParentOutputBinding(reader, pathField, pathValue)
        : undefined;
    outputs.push({
      ...base,
      output: {
        name: output.key,
        type,
        ...(mode ? { mode } : {}),
        ...(pipelineOutput ? { pipelineOutput } : {}),
      },
    });
  }
  return outputs;
}

function readParentOutputBinding(
  reader: YamlReader,
  field: YamlField,
  value: string,
): string | undefined {
  const classified = classifyBindingValue(value);
  if (classified.kind === 'binding' && classified.placeholder.reference?.kind === 'parent-output') {
    return classified.placeholder.reference.name;
  }
  reader.report(
    'ML_INVALID_BINDING',
    `"${field.path}" must be \${{parent.outputs.<name>}} or a mapping with type and mode, not "${value}".`,
    field.value,
    field.path,
  );
  return undefined;
}

/** Checks `${{inputs.x}}`/`${{outputs.y}}` inside a string field against the step's own names. */
function checkPlaceholders(
  reader: YamlReader,
  field: YamlField,
  own: { readonly inputs: ReadonlySet<string>; readonly outputs: ReadonlySet<string> },
): void {
  if (!field.value) return;
  const source = reader.sourceOf(field.value);
  const value = reader.scalar(field);
  if (typeof value !== 'string') return;
  for (const placeholder of findPlaceholders(value)) {
    // Find the placeholder in the raw text so folded and quoted scalars still point at it.
    const rawIndex = source ? source.text.indexOf(placeholder.text) : -1;
    const offset =
      source && rawIndex >= 0 ? source.offset + rawIndex : (field.value.range?.[0] ?? 0);
    const reference = placeholder.reference;
    if (reference?.kind === 'own-input' || reference?.kind === 'own-output') {
      const names = reference.kind === 'own-input' ? own.inputs : own.outputs;
      if (!names.has(reference.name)) {
        const what = reference.kind === 'own-input' ? 'inputs' : 'outputs';
        reader.reportAtOffset(
          'ML_UNKNOWN_BINDING',
          `${placeholder.text} names no declared step ${what.slice(0, -1)}; declared ${what}: ${[...names].join(', ') || 'none'}. Declare it under "${what}" or fix the name.`,
          offset,
          field.path,
        );
      }
      continue;
    }
    reader.reportAtOffset(
      'ML_INVALID_BINDING',
      `${placeholder.text} is not allowed in "${field.path}": use \${{inputs.<name>}} or \${{outputs.<name>}} and bind the step's inputs to the pipeline.`,
      offset,
      field.path,
    );
  }
}

function ownReference(
  reader: YamlReader,
  field: YamlField,
  kind: 'own-input' | 'own-output',
  names: ReadonlySet<string>,
): string | undefined {
  const value = reader.scalar(field);
  const classified = typeof value === 'string' ? classifyBindingValue(value) : undefined;
  const reference = classified?.kind === 'binding' ? classified.placeholder.reference : undefined;
  const what = kind === 'own-input' ? 'inputs' : 'outputs';
  if (reference?.kind !== kind) {
    reader.report(
      'ML_INVALID_BINDING',
      `"${field.path}" must be \${{${what}.<name>}} naming one of the step's ${what}.`,
      field.value,
      field.path,
    );
    return undefined;
  }
  if (!names.has(reference.name)) {
    reader.report(
      'ML_UNKNOWN_BINDING',
      `"${field.path}" names ${what}.${reference.name}, which the step does not declare; declared ${what}: ${[...names].join(', ') || 'none'}.`,
      field.value,
      field.path,
    );
    return undefined;
  }
  return reference.name;
}

function readParallel(
  reader: YamlReader,
  view: YamlMapView,
  own: { readonly inputs: ReadonlySet<string>; readonly outputs: ReadonlySet<string> },
): DraftParallel {
  const inputDataField = view.fields.get('input_data');
  if (!inputDataField)
    reader.missing(view, 'input_data', 'the ${{inputs.<name>}} to split into mini-batches');
  const inputData = inputDataField
    ? ownReference(reader, inputDataField, 'own-input', own.inputs)
    : undefined;
  const miniBatchField = view.fields.get('mini_batch_size');
  const miniBatchRaw = miniBatchField ? reader.scalar(miniBatchField) : undefined;
  if (miniBatchField && typeof miniBatchRaw !== 'string' && typeof miniBatchRaw !== 'number') {
    reader.invalid(miniBatchField, 'a count ("10") or a size ("1MB")');
  }
  // Millrace names win; Azure's retry_settings is the fallback.
  const retryField = view.fields.get('retry_settings');
  const retrySettings = retryField
    ? reader.map(retryField.value, retryField.path, retryField.keyNode, {
        allowedKeys: ['max_retries', 'timeout'],
      })
    : undefined;
  const maxRetries = retrySettings
    ? reader.integer(retrySettings, 'max_retries', { min: 0 })
    : undefined;
  const retryTimeout = retrySettings
    ? reader.integer(retrySettings, 'timeout', { min: 1 })
    : undefined;
  const resourcesField = view.fields.get('resources');
  const resources = resourcesField
    ? reader.map(resourcesField.value, resourcesField.path, resourcesField.keyNode, {
        allowedKeys: ['instance_count', 'instance_type'],
      })
    : undefined;
  const outputAction = reader.oneOf(view, 'output_action', ML_OUTPUT_ACTIONS) ?? 'append_row';
  const taskField = view.fields.get('task');
  if (!taskField) reader.missing(view, 'task', 'type, code and entry_script');
  const task = taskField
    ? reader.map(taskField.value, taskField.path, taskField.keyNode, { allowedKeys: TASK_KEYS })
    : undefined;
  let code: string | undefined;
  let codeLocation: MlSourceLocation | undefined;
  let entryScript: string | undefined;
  let entryScriptLocation: MlSourceLocation | undefined;
  let programArguments = '';
  let appendRowTo: string | undefined;
  if (task) {
    const taskType = reader.oneOf(task, 'type', ['run_function', 'function'] as const);
    if (!task.fields.has('type')) reader.missing(task, 'type', 'run_function');
    void taskType;
    code = reader.string(task, 'code', { required: true });
    entryScript = reader.string(task, 'entry_script', { required: true });
    const codeField = task.fields.get('code');
    const entryField = task.fields.get('entry_script');
    if (code !== undefined && codeField)
      codeLocation = reader.locate(codeField.keyNode, codeField.path);
    if (entryScript !== undefined && entryField)
      entryScriptLocation = reader.locate(entryField.keyNode, entryField.path);
    const argumentsField = task.fields.get('program_arguments') ?? task.fields.get('args');
    if (argumentsField) {
      const value = reader.scalar(argumentsField);
      if (typeof value === 'string') {
        programArguments = value;
        checkPlaceholders(reader, argumentsField, own);
      } else reader.invalid(argumentsField, 'a string of arguments');
    }
    const appendField = task.fields.get('append_row_to');
    if (appendField) {
      appendRowTo = ownReference(reader, appendField, 'own-output', own.outputs);
      if (outputAction === 'summary_only') {
        reader.report(
          'ML_INVALID_VALUE',
          `"${appendField.path}" has no effect with output_action summary_only; remove one of them.`,
          appendField.keyNode,
          appendField.path,
        );
      }
    }
  }
  return {
    ...(inputData !== undefined && inputDataField
      ? { inputData: { name: inputData, node: inputDataField.value, path: inputDataField.path } }
      : {}),
    ...(miniBatchField && (typeof miniBatchRaw === 'string' || typeof miniBatchRaw === 'number')
      ? {
          miniBatchSize: {
            raw: miniBatchRaw,
            node: miniBatchField.value,
            path: miniBatchField.path,
          },
        }
      : {}),
    ...(code !== undefined && codeLocation ? { code, codeLocation } : {}),
    ...(entryScript !== undefined && entryScriptLocation
      ? { entryScript, entryScriptLocation }
      : {}),
    programArguments,
    instanceCount:
      (resources ? reader.integer(resources, 'instance_count', { min: 1 }) : undefined) ?? 1,
    maxConcurrencyPerInstance:
      reader.integer(view, 'max_concurrency_per_instance', { min: 1 }) ?? 1,
    runMaxTry:
      reader.integer(view, 'run_max_try', { min: 1 }) ??
      (maxRetries !== undefined ? maxRetries + 1 : 3),
    runInvocationTimeoutSeconds:
      reader.integer(view, 'run_invocation_timeout', { min: 1 }) ?? retryTimeout ?? 60,
    errorThreshold: reader.integer(view, 'error_threshold', { min: -1 }) ?? -1,
    allowedFailedCount:
      reader.integer(view, 'allowed_failed_count', { min: -1 }) ??
      reader.integer(view, 'mini_batch_error_threshold', { min: -1 }) ??
      -1,
    allowedFailedPercent:
      reader.number(view, 'allowed_failed_percent', { min: 0, max: 100 }) ?? 100,
    outputAction,
    ...(appendRowTo !== undefined ? { appendRowTo } : {}),
    appendRowFileName: reader.string(view, 'append_row_file_name') ?? 'parallel_run_step.txt',
    loggingLevel: reader.oneOf(view, 'logging_level', ML_LOGGING_LEVELS) ?? 'INFO',
  };
}
