/**
 * Parses and validates an ML pipeline written in Azure ML v2 pipeline-job YAML. Pure: the text is
 * given, nothing is read. Every problem is reported at once, each with file, line, column and
 * YAML path; a definition is returned only when no problem is an error.
 */
import { finishSteps, orderSteps } from './ml-pipeline-checks.js';
import type {
  MlPipelineDefinition,
  MlPipelineInput,
  MlPipelineOutput,
} from './ml-pipeline-definition.js';
import { readPipelineInput, readPipelineOutput } from './ml-pipeline-io-parser.js';
import { checkDatastore, type DatastoreContext } from './ml-data-reader.js';
import { stripAzuremlPrefix } from './ml-data-path.js';
import { hasErrors } from './ml-problems.js';
import type { MlProblem } from './ml-problems.js';
import { readStep } from './ml-step-parser.js';
import type { DraftStep } from './ml-step-parser.js';
import { YamlReader } from './yaml-reader.js';
import type { YamlMapView } from './yaml-reader.js';

export interface MlParseOptions {
  /** Datastores of the workspace; data paths naming others are errors. */
  readonly knownDatastores: readonly string[];
}

export interface MlParseResult {
  readonly definition?: MlPipelineDefinition;
  readonly problems: readonly MlProblem[];
}

const TOP_KEYS = [
  '$schema',
  'type',
  'name',
  'display_name',
  'description',
  'experiment_name',
  'tags',
  'settings',
  'inputs',
  'outputs',
  'jobs',
];
const SETTINGS_KEYS = [
  'default_datastore',
  'default_compute',
  'continue_on_step_failure',
  'force_rerun',
];

export function parseMlPipeline(
  text: string,
  file: string,
  options: MlParseOptions,
): MlParseResult {
  const reader = YamlReader.parse(text, file);
  if (hasErrors(reader.problems)) return { problems: reader.problems };
  const root = reader.map(reader.root, '', reader.root, { allowedKeys: TOP_KEYS });
  if (!root) return { problems: reader.problems };

  const type = reader.string(root, 'type', { required: true });
  if (type !== undefined && type !== 'pipeline')
    reader.invalid(root.fields.get('type')!, '"pipeline"');
  const settings = readSettings(reader, root, options);
  const datastores: DatastoreContext = {
    knownDatastores: options.knownDatastores,
    ...(settings.defaultDatastore !== undefined
      ? { defaultDatastore: settings.defaultDatastore }
      : {}),
  };
  const inputs = readEach(reader, root, 'inputs', (field) =>
    readPipelineInput(reader, field, datastores),
  );
  const outputs = readEach(reader, root, 'outputs', (field) =>
    readPipelineOutput(reader, field, datastores),
  );
  checkSharedNames(reader, root, inputs, outputs);
  const drafts = readSteps(reader, root, datastores);
  const steps = finishSteps(reader, drafts, inputs, outputs);
  const stepOrder = orderSteps(reader, drafts);

  const displayName = reader.string(root, 'display_name');
  const description = reader.string(root, 'description');
  const experimentName = reader.string(root, 'experiment_name');
  const tags = readTags(reader, root);
  const name = reader.string(root, 'name') ?? displayName ?? baseName(file);
  if (hasErrors(reader.problems)) return { problems: reader.problems };
  return {
    definition: {
      file,
      name,
      ...(displayName !== undefined ? { displayName } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(experimentName !== undefined ? { experimentName } : {}),
      tags,
      settings,
      inputs,
      outputs,
      steps,
      stepOrder,
    },
    problems: reader.problems,
  };
}

function readSettings(
  reader: YamlReader,
  root: YamlMapView,
  options: MlParseOptions,
): MlPipelineDefinition['settings'] {
  const field = root.fields.get('settings');
  const view = field
    ? reader.map(field.value, field.path, field.keyNode, {
        allowedKeys: SETTINGS_KEYS,
        nullIsEmpty: true,
      })
    : undefined;
  if (!view) return { continueOnStepFailure: false, forceRerun: false };
  const rawDatastore = reader.string(view, 'default_datastore');
  const defaultDatastore =
    rawDatastore === undefined ? undefined : stripAzuremlPrefix(rawDatastore);
  const datastoreField = view.fields.get('default_datastore');
  const known =
    defaultDatastore !== undefined && datastoreField
      ? checkDatastore(reader, defaultDatastore, options, {
          node: datastoreField.value,
          path: datastoreField.path,
        })
      : false;
  const defaultCompute = reader.string(view, 'default_compute');
  return {
    continueOnStepFailure: reader.boolean(view, 'continue_on_step_failure') ?? false,
    forceRerun: reader.boolean(view, 'force_rerun') ?? false,
    ...(known && defaultDatastore !== undefined ? { defaultDatastore } : {}),
    ...(defaultCompute !== undefined ? { defaultCompute } : {}),
  };
}

function readEach<T>(
  reader: YamlReader,
  root: YamlMapView,
  key: string,
  read: (field: NonNullable<ReturnType<YamlMapView['fields']['get']>>) => T | undefined,
): T[] {
  const field = root.fields.get(key);
  if (!field) return [];
  const view = reader.map(field.value, field.path, field.keyNode, { nullIsEmpty: true });
  return [...(view?.fields.values() ?? [])].flatMap((entry) => read(entry) ?? []);
}

function checkSharedNames(
  reader: YamlReader,
  root: YamlMapView,
  inputs: readonly MlPipelineInput[],
  outputs: readonly MlPipelineOutput[],
): void {
  const outputsField = root.fields.get('outputs');
  const outputsView = outputsField
    ? reader.map(outputsField.value, outputsField.path, outputsField.keyNode, { nullIsEmpty: true })
    : undefined;
  for (const output of outputs) {
    if (!inputs.some((input) => input.name === output.name)) continue;
    const field = outputsView?.fields.get(output.name);
    reader.report(
      'ML_DUPLICATE_NAME',
      `The pipeline has an input and an output named "${output.name}"; rename one.`,
      field?.keyNode,
      `outputs.${output.name}`,
    );
  }
}

function readSteps(
  reader: YamlReader,
  root: YamlMapView,
  datastores: DatastoreContext,
): DraftStep[] {
  const field = root.fields.get('jobs');
  if (!field) {
    reader.missing(root, 'jobs', 'a mapping of step names to command or parallel steps');
    return [];
  }
  const view = reader.map(field.value, field.path, field.keyNode);
  if (!view) return [];
  if (view.fields.size === 0)
    reader.report(
      'ML_MISSING_FIELD',
      '"jobs" lists no step; add at least one.',
      field.keyNode,
      'jobs',
    );
  const steps: DraftStep[] = [];
  const lowerCaseNames = new Map<string, string>();
  for (const stepField of view.fields.values()) {
    const clash = lowerCaseNames.get(stepField.key.toLowerCase());
    if (clash !== undefined) {
      reader.report(
        'ML_DUPLICATE_NAME',
        `Step "${stepField.key}" differs from step "${clash}" only in case; rename one.`,
        stepField.keyNode,
        stepField.path,
      );
    }
    lowerCaseNames.set(stepField.key.toLowerCase(), stepField.key);
    const step = readStep(reader, stepField, datastores);
    if (step) steps.push(step);
  }
  return steps;
}

function readTags(reader: YamlReader, root: YamlMapView): Record<string, string> {
  const tags: Record<string, string> = {};
  const field = root.fields.get('tags');
  const view = field
    ? reader.map(field.value, field.path, field.keyNode, { nullIsEmpty: true })
    : undefined;
  for (const tag of view?.fields.values() ?? []) {
    const value = reader.scalar(tag);
    if (value === undefined || value === null) reader.invalid(tag, 'a string');
    else tags[tag.key] = String(value);
  }
  return tags;
}

function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file;
  return last.replace(/\.ya?ml$/i, '');
}
