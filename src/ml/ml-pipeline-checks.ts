/**
 * Cross-step checks once every step is read: resolves bindings to pipeline inputs and step
 * outputs, checks their types, derives the step graph and finds cycles, and builds final steps.
 */
import type { DraftStep, DraftStepInput } from './ml-step-parser.js';
import { isDataType, literalType } from './ml-pipeline-io-parser.js';
import type {
  MlMiniBatchSize,
  MlPipelineInput,
  MlPipelineOutput,
  MlStep,
  MlStepInput,
  MlValueType,
} from './ml-pipeline-definition.js';
import type { YamlReader } from './yaml-reader.js';

/** Folder and MLTable data are interchangeable (an MLTable is a folder); a file is not a folder. */
function compatible(expected: MlValueType, actual: MlValueType): boolean {
  if (expected === actual) return true;
  if (expected === 'number' && actual === 'integer') return true;
  const folders: readonly MlValueType[] = ['uri_folder', 'mltable'];
  return folders.includes(expected) && folders.includes(actual);
}

function resolveInput(
  reader: YamlReader,
  step: DraftStep,
  input: DraftStepInput,
  pipelineInputs: ReadonlyMap<string, MlPipelineInput>,
  steps: ReadonlyMap<string, DraftStep>,
): MlStepInput | undefined {
  const source = input.source;
  let actual: MlValueType;
  switch (source.kind) {
    case 'literal':
      actual = literalType(source.value);
      break;
    case 'data-path':
      actual = input.declaredType ?? 'uri_folder';
      break;
    case 'pipeline-input': {
      const target = pipelineInputs.get(source.inputName);
      if (!target) {
        reader.report(
          'ML_UNKNOWN_BINDING',
          `\${{parent.inputs.${source.inputName}}} names no pipeline input; pipeline inputs: ${[...pipelineInputs.keys()].join(', ') || 'none'}.`,
          input.node,
          input.path,
        );
        return undefined;
      }
      actual = target.type;
      break;
    }
    case 'step-output': {
      const producer = steps.get(source.stepName);
      const output = producer?.outputs.find(
        (candidate) => candidate.output.name === source.outputName,
      );
      if (!producer || !output) {
        const known = producer
          ? `outputs of "${producer.name}": ${producer.outputs.map((o) => o.output.name).join(', ') || 'none'}`
          : `steps: ${[...steps.keys()].join(', ')}`;
        reader.report(
          'ML_UNKNOWN_BINDING',
          `\${{parent.jobs.${source.stepName}.outputs.${source.outputName}}} names no ${producer ? 'output of that step' : 'step'}; ${known}.`,
          input.node,
          input.path,
        );
        return undefined;
      }
      actual = output.output.type;
      break;
    }
  }
  const declared = input.declaredType;
  if (declared !== undefined && !compatible(declared, actual)) {
    reader.report(
      'ML_BINDING_TYPE_MISMATCH',
      `Step input "${step.name}.${input.name}" is declared ${declared} but receives a ${actual}; bind it to a ${declared} or change its type.`,
      input.node,
      input.path,
    );
    return undefined;
  }
  return {
    name: input.name,
    source,
    type: declared ?? actual,
    optional: input.optional,
    ...(input.mode ? { mode: input.mode } : {}),
  };
}

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|rows?|files?)?$/i;
const BYTE_FACTORS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Files for file input, rows or bytes for tabular input; a bare number is files or rows. */
function miniBatchSize(
  reader: YamlReader,
  step: DraftStep,
  inputType: MlValueType | undefined,
): MlMiniBatchSize {
  const tabular = inputType === 'mltable';
  const raw = step.parallel?.miniBatchSize;
  if (!raw) return tabular ? { unit: 'bytes', value: 1024 ** 2 } : { unit: 'files', value: 10 };
  const match = String(raw.raw).trim().match(SIZE);
  const unitText = match?.[2]?.toLowerCase();
  const value = Number(match?.[1]);
  const unit =
    unitText === undefined
      ? tabular
        ? 'rows'
        : 'files'
      : unitText.startsWith('row')
        ? 'rows'
        : unitText.startsWith('file')
          ? 'files'
          : 'bytes';
  const fitsInput = tabular ? unit !== 'files' : unit === 'files';
  if (!match || value <= 0 || (unit !== 'bytes' && !Number.isInteger(value)) || !fitsInput) {
    const expected = tabular
      ? 'rows ("5000" or "5000 rows") or a size ("10MB") for tabular input'
      : 'a file count ("10") for file input';
    reader.report(
      'ML_INVALID_VALUE',
      `"${raw.path}" must be ${expected}, not "${raw.raw}".`,
      raw.node,
      raw.path,
    );
    return tabular ? { unit: 'bytes', value: 1024 ** 2 } : { unit: 'files', value: 10 };
  }
  return {
    unit,
    value: unit === 'bytes' ? Math.round(value * (BYTE_FACTORS[unitText!] ?? 1)) : value,
  };
}

function dependenciesOf(step: DraftStep): string[] {
  const names: string[] = [];
  for (const input of step.inputs) {
    if (input.source.kind === 'step-output' && !names.includes(input.source.stepName))
      names.push(input.source.stepName);
  }
  return names;
}

/** Kahn's algorithm in declaration order; reports each cycle once with its path. */
export function orderSteps(reader: YamlReader, steps: readonly DraftStep[]): string[] {
  const known = new Set(steps.map((step) => step.name));
  const dependsOn = new Map(
    steps.map((step) => [step.name, dependenciesOf(step).filter((name) => known.has(name))]),
  );
  const order: string[] = [];
  const placed = new Set<string>();
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const step of steps) {
      if (!placed.has(step.name) && dependsOn.get(step.name)!.every((name) => placed.has(name))) {
        placed.add(step.name);
        order.push(step.name);
        progressed = true;
      }
    }
  }
  const reported = new Set<string>();
  for (const step of steps) {
    if (placed.has(step.name) || reported.has(step.name)) continue;
    const cycle = findCycle(step.name, dependsOn, placed);
    if (!cycle) continue;
    cycle.forEach((name) => reported.add(name));
    const first = steps.find((candidate) => candidate.name === cycle[0])!;
    reader.report(
      'ML_DEPENDENCY_CYCLE',
      `Steps consume each other's outputs in a cycle: ${[...cycle, cycle[0]].join(' → ')}; break one binding.`,
      first.nameNode,
      first.path,
    );
  }
  return order;
}

function findCycle(
  start: string,
  dependsOn: ReadonlyMap<string, readonly string[]>,
  placed: ReadonlySet<string>,
): string[] | undefined {
  const trail: string[] = [];
  let current: string | undefined = start;
  while (current !== undefined && !trail.includes(current)) {
    trail.push(current);
    current = dependsOn.get(current)?.find((name) => !placed.has(name));
  }
  return current === undefined ? undefined : trail.slice(trail.indexOf(current));
}

export function finishSteps(
  reader: YamlReader,
  drafts: readonly DraftStep[],
  pipelineInputs: readonly MlPipelineInput[],
  pipelineOutputs: readonly MlPipelineOutput[],
): MlStep[] {
  const inputsByName = new Map(pipelineInputs.map((input) => [input.name, input]));
  const stepsByName = new Map(drafts.map((step) => [step.name, step]));
  const outputNames = pipelineOutputs.map((output) => output.name);
  const steps: MlStep[] = [];
  for (const draft of drafts) {
    const inputs = draft.inputs.flatMap(
      (input) => resolveInput(reader, draft, input, inputsByName, stepsByName) ?? [],
    );
    for (const { output, node, path } of draft.outputs) {
      if (output.pipelineOutput !== undefined && !outputNames.includes(output.pipelineOutput)) {
        reader.report(
          'ML_UNKNOWN_BINDING',
          `\${{parent.outputs.${output.pipelineOutput}}} names no pipeline output; pipeline outputs: ${outputNames.join(', ') || 'none'}.`,
          node,
          path,
        );
      }
    }
    const { parallel } = draft;
    const base = {
      name: draft.name,
      location: draft.location,
      environmentVariables: draft.environmentVariables,
      allowReuse: draft.allowReuse,
      retry: draft.retry,
      alwaysRun: draft.alwaysRun,
      ...(draft.displayName !== undefined ? { displayName: draft.displayName } : {}),
      ...(draft.description !== undefined ? { description: draft.description } : {}),
      ...(draft.environment !== undefined ? { environment: draft.environment } : {}),
      ...(draft.compute !== undefined ? { compute: draft.compute } : {}),
      ...(draft.timeoutSeconds !== undefined ? { timeoutSeconds: draft.timeoutSeconds } : {}),
      inputs,
      outputs: draft.outputs.map((o) => o.output),
      dependsOn: dependenciesOf(draft).filter((name) => stepsByName.has(name)),
    };
    if (draft.type === 'command') {
      if (draft.command !== undefined)
        steps.push({
          ...base,
          type: 'command',
          command: draft.command,
          ...(draft.code !== undefined && draft.codeLocation
            ? { code: draft.code, codeLocation: draft.codeLocation }
            : {}),
        });
      continue;
    }
    if (!parallel) continue;
    const partitioned = parallel.inputData
      ? inputs.find((input) => input.name === parallel.inputData!.name)
      : undefined;
    if (parallel.inputData && partitioned && !isDataType(partitioned.type)) {
      reader.report(
        'ML_BINDING_TYPE_MISMATCH',
        `input_data names "${partitioned.name}", a ${partitioned.type}; a parallel step splits data: bind it to a uri_folder, uri_file or mltable.`,
        parallel.inputData.node,
        parallel.inputData.path,
      );
    }
    const size = miniBatchSize(reader, draft, partitioned?.type);
    const { inputData, code, codeLocation, entryScript, entryScriptLocation, ...rest } = parallel;
    const settings = { ...rest, miniBatchSize: size };
    if (
      !inputData ||
      code === undefined ||
      !codeLocation ||
      entryScript === undefined ||
      !entryScriptLocation
    )
      continue;
    steps.push({
      ...base,
      ...settings,
      type: 'parallel',
      inputData: inputData.name,
      miniBatchSize: size,
      code,
      codeLocation,
      entryScript,
      entryScriptLocation,
    });
  }
  return steps;
}
