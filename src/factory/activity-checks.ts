/**
 * Checks of one activity on its own: name, type, state, policy, the properties each control
 * activity requires (ForEach `items`, SetVariable `variableName` …), and AzureMLExecutePipeline's.
 */
import { canonicalActivityType, isControlActivityType } from './activity-types.js';
import { AZURE_ML_EXECUTE_PIPELINE, checkAzureMlActivity } from './azure-ml-activity-checks.js';
import { isExpression } from '../expressions/index.js';
import { pointerTo } from './json-pointer.js';
import { parseTimeSpan } from './time-span.js';
import { findIgnoringCase, isJsonObject, ownValue } from './json-values.js';
import {
  InactiveMarks,
  type Activity,
  type JsonObject,
  type JsonValue,
  type Pipeline,
} from './resources.js';
import { isMissing, quotedList, report, type ValidationContext } from './validation-context.js';

const MAX_NAME_LENGTH = 55;
const FORBIDDEN_NAME_CHARACTERS = ['.', '+', '?', '/', '<', '>', '*', '%', '&', ':', '\\'];
const MAX_BATCH_COUNT = 50;

/** Properties each control activity cannot do without, under `typeProperties`. */
const REQUIRED_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  ForEach: ['items', 'activities'],
  IfCondition: ['expression'],
  Switch: ['on'],
  Until: ['expression', 'activities'],
  Wait: ['waitTimeInSeconds'],
  SetVariable: ['variableName'],
  AppendVariable: ['variableName', 'value'],
  Filter: ['items', 'condition'],
  ExecutePipeline: ['pipeline'],
  Fail: ['message', 'errorCode'],
};

export function checkActivity(
  context: ValidationContext,
  activity: Activity,
  pipeline: Pipeline,
): void {
  checkName(context, activity);
  checkType(context, activity);
  checkState(context, activity);
  checkPolicy(context, activity);
  checkControlProperties(context, activity, pipeline);
  if (activity.type.toLowerCase() === AZURE_ML_EXECUTE_PIPELINE.toLowerCase())
    checkAzureMlActivity(context, activity);
}

function checkName(context: ValidationContext, activity: Activity): void {
  const { file } = activity.source;
  const pointer = pointerTo(activity.source.pointer, 'name');
  const raw = activity.json.name;
  if (typeof raw !== 'string') {
    report(
      context,
      isMissing(raw) ? 'FACTORY_MISSING_PROPERTY' : 'FACTORY_INVALID_PROPERTY',
      file,
      pointer,
      'Every activity needs a "name" string.',
    );
    return;
  }
  const forbidden = FORBIDDEN_NAME_CHARACTERS.filter((char) => raw.includes(char));
  const reason =
    raw.trim() === ''
      ? 'is empty'
      : raw.length > MAX_NAME_LENGTH
        ? `is ${raw.length} characters long; the limit is ${MAX_NAME_LENGTH}`
        : forbidden.length > 0
          ? `contains ${forbidden.map((char) => `'${char}'`).join(', ')}; Data Factory forbids . + ? / < > * % & : \\ in activity names`
          : undefined;
  if (reason !== undefined)
    report(
      context,
      'FACTORY_INVALID_ACTIVITY_NAME',
      file,
      pointer,
      `The activity name '${raw}' ${reason}.`,
    );
}

function checkType(context: ValidationContext, activity: Activity): void {
  const { file } = activity.source;
  const pointer = pointerTo(activity.source.pointer, 'type');
  const raw = activity.json.type;
  if (typeof raw !== 'string' || raw === '') {
    report(
      context,
      isMissing(raw) ? 'FACTORY_MISSING_PROPERTY' : 'FACTORY_INVALID_PROPERTY',
      file,
      pointer,
      `Activity '${activity.name}' needs a "type" such as Copy, ForEach or WebActivity.`,
    );
    return;
  }
  const type = canonicalActivityType(raw);
  if (type === undefined) {
    report(
      context,
      'FACTORY_UNKNOWN_ACTIVITY_TYPE',
      file,
      pointer,
      `Activity '${activity.name}' has type '${raw}', which Data Factory does not define; check the spelling (for example Copy, ForEach, WebActivity, AzureMLExecutePipeline).`,
    );
    return;
  }
  // An inactive activity never runs, so it cannot reach a missing executor.
  if (activity.state === 'Active' && !context.executableTypes.has(type.toLowerCase())) {
    report(
      context,
      'FACTORY_ACTIVITY_TYPE_NOT_EXECUTABLE',
      file,
      pointer,
      `Activity '${activity.name}' is of type ${type}, which Millrace cannot run yet: the pipeline loads and validates; a run that reaches this activity fails with a clear error.`,
    );
  }
}

function checkState(context: ValidationContext, activity: Activity): void {
  const { file, pointer } = activity.source;
  const { state, onInactiveMarkAs } = activity.json;
  if (state !== undefined && !(typeof state === 'string' && /^(active|inactive)$/i.test(state)))
    report(
      context,
      'FACTORY_INVALID_PROPERTY',
      file,
      pointerTo(pointer, 'state'),
      `state is ${JSON.stringify(state)}; use Active or Inactive.`,
    );
  if (
    onInactiveMarkAs !== undefined &&
    !(
      typeof onInactiveMarkAs === 'string' &&
      InactiveMarks.some((mark) => mark.toLowerCase() === onInactiveMarkAs.toLowerCase())
    )
  )
    report(
      context,
      'FACTORY_INVALID_PROPERTY',
      file,
      pointerTo(pointer, 'onInactiveMarkAs'),
      `onInactiveMarkAs is ${JSON.stringify(onInactiveMarkAs)}; use ${InactiveMarks.join(', ')}.`,
    );
}

function checkPolicy(context: ValidationContext, activity: Activity): void {
  const { file } = activity.source;
  const pointer = pointerTo(activity.source.pointer, 'policy');
  const policy = activity.json.policy;
  if (isMissing(policy)) return;
  if (!isJsonObject(policy)) {
    report(
      context,
      'FACTORY_INVALID_PROPERTY',
      file,
      pointer,
      'policy must be an object { "timeout", "retry", "retryIntervalInSeconds", … }.',
    );
    return;
  }
  checkTimeout(context, policy.timeout, file, pointerTo(pointer, 'timeout'));
  const retry = policy.retry;
  if (
    !isMissing(retry) &&
    !isDynamic(retry) &&
    !(typeof retry === 'number' && Number.isInteger(retry) && retry >= 0)
  )
    report(
      context,
      'FACTORY_INVALID_RETRY',
      file,
      pointerTo(pointer, 'retry'),
      `retry is ${JSON.stringify(retry)}; write how many times to retry as an integer of 0 or more.`,
    );
}

export function checkTimeout(
  context: ValidationContext,
  timeout: JsonValue | undefined,
  file: string,
  pointer: string,
): void {
  if (isMissing(timeout) || isDynamic(timeout)) return;
  // The engine reads timeouts with the same parser, so what passes here also runs.
  if (typeof timeout === 'string' && parseTimeSpan(timeout) !== undefined) return;
  report(
    context,
    'FACTORY_INVALID_TIMEOUT',
    file,
    pointer,
    `timeout is ${JSON.stringify(timeout)}; write it as d.hh:mm:ss or hh:mm:ss, for example 0.12:00:00 for 12 hours.`,
  );
}

function checkControlProperties(
  context: ValidationContext,
  activity: Activity,
  pipeline: Pipeline,
): void {
  const { type } = activity;
  if (!isControlActivityType(type)) return;
  const { file } = activity.source;
  const base = pointerTo(activity.source.pointer, 'typeProperties');
  const raw = activity.json.typeProperties;
  if (!isMissing(raw) && !isJsonObject(raw)) {
    report(context, 'FACTORY_INVALID_PROPERTY', file, base, 'typeProperties must be an object.');
    return;
  }
  const properties: JsonObject = isJsonObject(raw) ? raw : {};
  const missing = (name: string, what: string): void =>
    report(
      context,
      'FACTORY_MISSING_PROPERTY',
      file,
      pointerTo(base, name),
      `${type} activity '${activity.name}' needs typeProperties.${name} (${what}).`,
    );

  for (const name of REQUIRED_PROPERTIES[type] ?? []) {
    if (isMissing(properties[name])) missing(name, describeProperty(type, name));
  }

  switch (type) {
    case 'ForEach':
      checkBatchCount(context, properties.batchCount, file, pointerTo(base, 'batchCount'));
      break;
    case 'Until':
      checkTimeout(context, properties.timeout, file, pointerTo(base, 'timeout'));
      break;
    case 'Switch':
      checkCases(context, properties.cases, file, pointerTo(base, 'cases'));
      break;
    case 'SetVariable':
    case 'AppendVariable':
      checkVariableTarget(context, activity, properties, pipeline, base, missing);
      break;
    case 'ExecutePipeline':
      checkPipelineReference(context, properties.pipeline, file, pointerTo(base, 'pipeline'));
      break;
    default:
      break;
  }
}

function checkBatchCount(
  context: ValidationContext,
  batchCount: JsonValue | undefined,
  file: string,
  pointer: string,
): void {
  if (isMissing(batchCount)) return;
  if (
    typeof batchCount === 'number' &&
    Number.isInteger(batchCount) &&
    batchCount >= 1 &&
    batchCount <= MAX_BATCH_COUNT
  )
    return;
  report(
    context,
    'FACTORY_INVALID_BATCH_COUNT',
    file,
    pointer,
    `batchCount is ${JSON.stringify(batchCount)}; write an integer from 1 to ${MAX_BATCH_COUNT} (Default: 20).`,
  );
}

function checkCases(
  context: ValidationContext,
  cases: JsonValue | undefined,
  file: string,
  pointer: string,
): void {
  if (isMissing(cases)) return;
  if (!Array.isArray(cases)) {
    report(
      context,
      'FACTORY_INVALID_PROPERTY',
      file,
      pointer,
      'cases must be an array of { "value": "…", "activities": […] }.',
    );
    return;
  }
  cases.forEach((entry, index) => {
    const at = pointerTo(pointer, index);
    if (!isJsonObject(entry)) {
      report(
        context,
        'FACTORY_INVALID_PROPERTY',
        file,
        at,
        'A case must be an object { "value": "…", "activities": […] }.',
      );
      return;
    }
    if (isMissing(entry.value))
      report(
        context,
        'FACTORY_MISSING_PROPERTY',
        file,
        pointerTo(at, 'value'),
        'A Switch case needs the "value" it matches.',
      );
  });
}

function checkVariableTarget(
  context: ValidationContext,
  activity: Activity,
  properties: JsonObject,
  pipeline: Pipeline,
  base: string,
  missing: (name: string, what: string) => void,
): void {
  const { file } = activity.source;
  const name = properties.variableName;
  if (isMissing(name)) return;
  const pointer = pointerTo(base, 'variableName');
  if (typeof name !== 'string') {
    report(
      context,
      'FACTORY_INVALID_PROPERTY',
      file,
      pointer,
      'variableName must be the name of a declared variable.',
    );
    return;
  }
  const returnValue =
    activity.type === 'SetVariable' &&
    properties.setSystemVariable === true &&
    name === 'pipelineReturnValue';
  if (returnValue) {
    if (!isMissing(properties.value) && !Array.isArray(properties.value))
      report(
        context,
        'FACTORY_INVALID_PROPERTY',
        file,
        pointerTo(base, 'value'),
        'The pipeline return value must be an array of { "key", "value": { "type", "content" } }.',
      );
    return;
  }
  if (activity.type === 'SetVariable' && isMissing(properties.value))
    missing('value', 'the value to set');
  const variable = ownValue(pipeline.variables, name);
  if (variable === undefined) {
    const similar = findIgnoringCase(Object.keys(pipeline.variables), name);
    const hint =
      similar !== undefined
        ? `did you mean '${similar}'? Variable names must match exactly`
        : `declare it under the pipeline's "variables" (declared: ${quotedList(Object.keys(pipeline.variables))})`;
    report(
      context,
      'FACTORY_UNKNOWN_VARIABLE',
      file,
      pointer,
      `${activity.type} activity '${activity.name}' sets the variable '${name}', which the pipeline does not declare: ${hint}.`,
    );
    return;
  }
  if (activity.type === 'AppendVariable' && variable.type !== 'Array')
    report(
      context,
      'FACTORY_APPEND_TO_NON_ARRAY',
      file,
      pointer,
      `AppendVariable activity '${activity.name}' appends to '${name}', a ${variable.type} variable; only Array variables can be appended to (use SetVariable).`,
    );
}

function checkPipelineReference(
  context: ValidationContext,
  reference: JsonValue | undefined,
  file: string,
  pointer: string,
): void {
  if (isMissing(reference)) return;
  const at = pointerTo(pointer, 'referenceName');
  if (!isJsonObject(reference) || isMissing(reference.referenceName)) {
    report(
      context,
      'FACTORY_MISSING_PROPERTY',
      file,
      at,
      'ExecutePipeline needs pipeline.referenceName, the name of the pipeline to run.',
    );
    return;
  }
  checkPipelineName(context, reference.referenceName, file, at);
}

/** A pipeline reference (ExecutePipeline, triggers) must name a pipeline of the factory exactly. */
export function checkPipelineName(
  context: ValidationContext,
  name: JsonValue,
  file: string,
  pointer: string,
): void {
  if (typeof name !== 'string') {
    report(
      context,
      'FACTORY_INVALID_PROPERTY',
      file,
      pointer,
      'referenceName must be the name of a pipeline.',
    );
    return;
  }
  const { pipelines } = context.factory;
  if (pipelines.has(name)) return;
  const similar = findIgnoringCase(pipelines.keys(), name);
  const hint =
    similar !== undefined
      ? `did you mean '${similar}'? Names in references must match exactly`
      : `the factory's pipelines are ${quotedList(pipelines.keys())}`;
  report(
    context,
    'FACTORY_UNKNOWN_PIPELINE',
    file,
    pointer,
    `The pipeline '${name}' does not exist: ${hint}.`,
  );
}

/** An expression (`@…` string or `{ "type": "Expression" }`) whose value is only known at run time. */
function isDynamic(value: JsonValue | undefined): boolean {
  if (typeof value === 'string') return isExpression(value);
  return isJsonObject(value) && value.type === 'Expression';
}

function describeProperty(type: string, name: string): string {
  const descriptions: Readonly<Record<string, string>> = {
    items: 'the array to iterate, usually an expression',
    activities: 'the activities to run',
    expression: 'a boolean expression',
    on: 'the expression whose value picks the case',
    waitTimeInSeconds: 'how long to wait',
    variableName: 'the variable to set',
    value: type === 'AppendVariable' ? 'the value to append' : 'the value to set',
    condition: 'a boolean expression evaluated for each item()',
    pipeline: 'a reference { "referenceName": "…", "type": "PipelineReference" }',
    message: 'the error message',
    errorCode: 'the error code',
  };
  return descriptions[name] ?? 'required';
}
