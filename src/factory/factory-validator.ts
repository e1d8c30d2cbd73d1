/**
 * Validates a loaded factory the way Data Factory validates before publishing, and a little more:
 * every problem at once, each with its file, JSON pointer, severity and stable code. Pure.
 */
import { checkActivity, checkPipelineName } from './activity-checks.js';
import { allActivities } from './activity-tree.js';
import { checkDependencies, checkDuplicateNames } from './activity-list-checks.js';
import { CONTROL_ACTIVITY_TYPES, MILLRACE_ACTIVITY_TYPES } from './activity-types.js';
import { checkDeclarations } from './declaration-checks.js';
import { checkExpressions, type ExpressionScope } from './expression-checks.js';
import { pointerTo } from './json-pointer.js';
import { isJsonObject, objectOrEmpty } from './json-values.js';
import { checkReferences } from './reference-checks.js';
import type {
  Activity,
  Dataset,
  Factory,
  FactoryProblem,
  JsonObject,
  JsonValue,
  LinkedService,
  Pipeline,
  Trigger,
} from './resources.js';
import { isMissing, report, type ValidationContext } from './validation-context.js';

export interface ValidationOptions {
  /**
   * Activity types the executor registry runs, besides the control activities the engine runs
   * itself; other ADF types get a warning (Default: `['NoOp']`).
   */
  readonly executableTypes?: Iterable<string>;
}

export function validateFactory(
  factory: Factory,
  options: ValidationOptions = {},
): FactoryProblem[] {
  const executable = [
    ...CONTROL_ACTIVITY_TYPES,
    ...(options.executableTypes ?? MILLRACE_ACTIVITY_TYPES),
  ];
  const context: ValidationContext = {
    factory,
    executableTypes: new Set(executable.map((type) => type.toLowerCase())),
    problems: [],
  };
  for (const pipeline of factory.pipelines.values()) checkPipeline(context, pipeline);
  for (const linkedService of factory.linkedServices.values())
    checkLinkedService(context, linkedService);
  for (const dataset of factory.datasets.values()) checkDataset(context, dataset);
  for (const trigger of factory.triggers.values()) checkTrigger(context, trigger);
  return inDocumentOrder(context.problems);
}

/**
 * Problems of one file together (files in the order first met), then by pointer with array
 * indexes compared as numbers, so that an activity's problems sit together and in list order.
 */
function inDocumentOrder(problems: readonly FactoryProblem[]): FactoryProblem[] {
  const fileOrder = new Map<string, number>();
  for (const problem of problems)
    if (!fileOrder.has(problem.file)) fileOrder.set(problem.file, fileOrder.size);
  return [...problems].sort(
    (a, b) =>
      (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) ||
      comparePointers(a.pointer, b.pointer),
  );
}

function comparePointers(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const x = left[index] ?? '';
    const y = right[index] ?? '';
    if (x === y) continue;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    return numeric ? Number(x) - Number(y) : x < y ? -1 : 1;
  }
  return left.length - right.length;
}

function checkPipeline(context: ValidationContext, pipeline: Pipeline): void {
  const { file } = pipeline.source;
  const properties = propertiesOf(pipeline.json);
  const base = pointerTo(pipeline.source.pointer, 'properties');
  checkActivityEntries(context, properties.activities, file, pointerTo(base, 'activities'));
  checkDeclarations(
    context,
    'parameter',
    properties.parameters,
    file,
    pointerTo(base, 'parameters'),
  );
  checkDeclarations(context, 'variable', properties.variables, file, pointerTo(base, 'variables'));

  const activities = allActivities(pipeline.activities);
  checkDuplicateNames(context, activities);
  const checkList = (list: readonly Activity[]): void => {
    checkDependencies(context, list, activities);
    for (const activity of list) {
      checkActivity(context, activity, pipeline);
      checkActivityContents(context, activity, pipeline, activities);
      for (const branch of activity.branches) checkList(branch.activities);
    }
  };
  checkList(pipeline.activities);
}

function checkActivityContents(
  context: ValidationContext,
  activity: Activity,
  pipeline: Pipeline,
  activities: readonly Activity[],
): void {
  const { file, pointer } = activity.source;
  const nested = nestedListPointers(activity);
  for (const list of nested) checkActivityEntries(context, list.json, file, list.pointer);
  const skipped = new Set([
    ...nested.map((list) => list.pointer),
    ...['name', 'type', 'description', 'dependsOn', 'state', 'onInactiveMarkAs'].map((key) =>
      pointerTo(pointer, key),
    ),
  ]);
  const skip = (at: string): boolean => skipped.has(at);
  checkReferences(context, activity.json, file, pointer, '', skip);

  const variableName = activity.typeProperties.variableName;
  const scope: ExpressionScope = {
    kind: 'pipeline',
    variables: Object.keys(pipeline.variables),
    parameters: Object.keys(pipeline.parameters),
    activities: activities.map((each) => each.name),
    ...((activity.type === 'SetVariable' || activity.type === 'AppendVariable') &&
    typeof variableName === 'string'
      ? {
          settingVariable: {
            name: variableName,
            valuePointer: pointerTo(pointer, 'typeProperties', 'value'),
          },
        }
      : {}),
  };
  checkExpressions(context, activity.json, file, pointer, scope, skip);
}

/** The activity lists inside a control activity, as written, with their pointers. */
function nestedListPointers(activity: Activity): { json: JsonValue; pointer: string }[] {
  if (activity.branches.length === 0) return [];
  const base = pointerTo(activity.source.pointer, 'typeProperties');
  const properties = activity.typeProperties;
  const lists = ['activities', 'ifTrueActivities', 'ifFalseActivities', 'defaultActivities']
    .filter((key) => properties[key] !== undefined)
    .map((key) => ({ json: properties[key] ?? null, pointer: pointerTo(base, key) }));
  if (activity.type === 'Switch' && Array.isArray(properties.cases)) {
    properties.cases.forEach((entry, index) => {
      if (isJsonObject(entry) && entry.activities !== undefined)
        lists.push({
          json: entry.activities,
          pointer: pointerTo(base, 'cases', index, 'activities'),
        });
    });
  }
  return lists;
}

/** Each entry of an activity list must be an object; the parser skipped the others. */
function checkActivityEntries(
  context: ValidationContext,
  list: JsonValue | undefined,
  file: string,
  pointer: string,
): void {
  if (isMissing(list)) return;
  if (!Array.isArray(list)) {
    report(
      context,
      'FACTORY_INVALID_PROPERTY',
      file,
      pointer,
      'activities must be an array of activity objects.',
    );
    return;
  }
  list.forEach((entry, index) => {
    if (!isJsonObject(entry))
      report(
        context,
        'FACTORY_INVALID_PROPERTY',
        file,
        pointerTo(pointer, index),
        'An activity must be a JSON object { "name", "type", "typeProperties", … }.',
      );
  });
}

function checkLinkedService(context: ValidationContext, linkedService: LinkedService): void {
  const { file } = linkedService.source;
  const properties = propertiesOf(linkedService.json);
  const base = pointerTo(linkedService.source.pointer, 'properties');
  checkResourceType(context, properties, file, base, 'linked service', 'AzureBlobStorage');
  checkDeclarations(
    context,
    'parameter',
    properties.parameters,
    file,
    pointerTo(base, 'parameters'),
  );
  checkReferences(
    context,
    properties.typeProperties,
    file,
    pointerTo(base, 'typeProperties'),
    'typeProperties',
  );
  const scope: ExpressionScope = {
    kind: 'linkedService',
    parameters: Object.keys(linkedService.parameters),
  };
  checkEvaluatedProperties(context, properties, file, base, scope);
}

function checkDataset(context: ValidationContext, dataset: Dataset): void {
  const { file } = dataset.source;
  const properties = propertiesOf(dataset.json);
  const base = pointerTo(dataset.source.pointer, 'properties');
  checkResourceType(context, properties, file, base, 'dataset', 'DelimitedText');
  checkDeclarations(
    context,
    'parameter',
    properties.parameters,
    file,
    pointerTo(base, 'parameters'),
  );
  if (isMissing(properties.linkedServiceName)) {
    report(
      context,
      'FACTORY_MISSING_PROPERTY',
      file,
      pointerTo(base, 'linkedServiceName'),
      `Dataset '${dataset.name}' needs linkedServiceName, a reference { "referenceName": "…", "type": "LinkedServiceReference" }.`,
    );
  } else {
    checkReferences(
      context,
      properties.linkedServiceName,
      file,
      pointerTo(base, 'linkedServiceName'),
      'linkedServiceName',
    );
  }
  checkReferences(
    context,
    properties.typeProperties,
    file,
    pointerTo(base, 'typeProperties'),
    'typeProperties',
  );
  const scope: ExpressionScope = { kind: 'dataset', parameters: Object.keys(dataset.parameters) };
  checkEvaluatedProperties(context, properties, file, base, scope);
}

function checkTrigger(context: ValidationContext, trigger: Trigger): void {
  const { file } = trigger.source;
  const properties = propertiesOf(trigger.json);
  const base = pointerTo(trigger.source.pointer, 'properties');
  const targets: { json: JsonValue; pointer: string }[] = [];
  if (Array.isArray(properties.pipelines))
    properties.pipelines.forEach((json, index) =>
      targets.push({ json, pointer: pointerTo(base, 'pipelines', index) }),
    );
  if (properties.pipeline !== undefined)
    targets.push({ json: properties.pipeline, pointer: pointerTo(base, 'pipeline') });
  for (const target of targets) {
    if (!isJsonObject(target.json)) continue;
    const reference = target.json.pipelineReference;
    const at = pointerTo(target.pointer, 'pipelineReference', 'referenceName');
    if (!isJsonObject(reference) || isMissing(reference.referenceName)) {
      report(
        context,
        'FACTORY_MISSING_PROPERTY',
        file,
        at,
        `Trigger '${trigger.name}' needs pipelineReference.referenceName, the pipeline it starts.`,
      );
    } else {
      checkPipelineName(context, reference.referenceName, file, at);
    }
    checkExpressions(
      context,
      target.json.parameters,
      file,
      pointerTo(target.pointer, 'parameters'),
      { kind: 'trigger' },
    );
  }
}

function checkResourceType(
  context: ValidationContext,
  properties: JsonObject,
  file: string,
  base: string,
  label: string,
  example: string,
): void {
  if (typeof properties.type !== 'string' || properties.type === '')
    report(
      context,
      'FACTORY_MISSING_PROPERTY',
      file,
      pointerTo(base, 'type'),
      `A ${label} needs a "type", such as ${example}.`,
    );
}

/** The properties of linked services and datasets that Data Factory evaluates. */
function checkEvaluatedProperties(
  context: ValidationContext,
  properties: JsonObject,
  file: string,
  base: string,
  scope: ExpressionScope,
): void {
  for (const key of ['typeProperties', 'linkedServiceName'])
    checkExpressions(context, properties[key], file, pointerTo(base, key), scope);
}

function propertiesOf(json: JsonObject): JsonObject {
  return objectOrEmpty(json.properties);
}
