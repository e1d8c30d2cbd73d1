/**
 * What each control activity decides when it starts, as pure functions of the activity, the
 * expression context and the run's variables. The run execution carries the decision out.
 */
import type { ActivityExecutionResult } from '../activities/activity-executor.js';
import {
  isExpression,
  toJson,
  valueToString,
  type EvaluationContext,
  type Value,
} from '../expressions/index.js';
import type { Activity, JsonObject, JsonValue, VariableSpec } from '../factory/resources.js';
import { parseTimeSpan } from '../factory/time-span.js';
import { DEFAULT_UNTIL_TIMEOUT_MS } from './activity-policy.js';
import { evaluateProperty, resolveJson } from './resolve-values.js';

export interface ControlEnvironment {
  readonly variables: JsonObject;
  readonly variableSpecs: Readonly<Record<string, VariableSpec>>;
  readonly now: number;
  readonly pipelineExists: (name: string) => boolean;
  readonly scopePath: string;
}

export type ControlStart =
  | {
      readonly kind: 'done';
      readonly input: JsonObject;
      readonly result: ActivityExecutionResult;
      readonly variables?: JsonObject;
      readonly returnValue?: JsonValue;
      readonly state?: JsonObject;
    }
  | {
      readonly kind: 'forEach';
      readonly input: JsonObject;
      readonly items: readonly Value[];
      readonly concurrency: number;
      readonly state: JsonObject;
    }
  | {
      readonly kind: 'branch';
      readonly input: JsonObject;
      readonly branch: string;
      readonly state: JsonObject;
    }
  | {
      readonly kind: 'until';
      readonly input: JsonObject;
      readonly deadline: number;
      readonly state: JsonObject;
    }
  | {
      readonly kind: 'executePipeline';
      readonly input: JsonObject;
      readonly pipelineName: string;
      readonly parameters: JsonObject;
      readonly waitOnCompletion: boolean;
      readonly state?: JsonObject;
    };

export type ControlActivityHandler = (
  activity: Activity,
  context: EvaluationContext,
  environment: ControlEnvironment,
) => ControlStart;

/** ADF's ForEach runs 20 iterations at once unless `batchCount` says otherwise (at most 50). */
export const DEFAULT_BATCH_COUNT = 20;
export const MAX_BATCH_COUNT = 50;

function property(activity: Activity, name: string, context: EvaluationContext): Value {
  return evaluateProperty(
    activity.typeProperties[name],
    context,
    `${activity.source.pointer}/typeProperties/${name}`,
  );
}

function failed(
  activity: Activity,
  input: JsonObject,
  errorCode: string,
  message: string,
): ControlStart {
  return {
    kind: 'done',
    input,
    result: {
      status: 'Failed',
      error: { errorCode, message, failureType: 'UserError', target: activity.name },
    },
  };
}

function typeName(value: Value): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'boolean':
      return 'Boolean';
    case 'bigint':
      return 'Integer';
    case 'number':
      return 'Float';
    default:
      return 'Object';
  }
}

const VARIABLE_VALUE_TYPES: Record<VariableSpec['type'], string> = {
  String: 'String',
  Boolean: 'Boolean',
  Array: 'Array',
};

function readsItself(activity: Activity, name: string): boolean {
  const source = JSON.stringify(activity.typeProperties.value ?? null).toLowerCase();
  return source.includes(`variables('${name.toLowerCase()}')`);
}

function undeclaredVariable(activity: Activity, input: JsonObject, name: string): ControlStart {
  return failed(
    activity,
    input,
    'VariableNotDeclared',
    `The variable '${name}' is not declared in the pipeline; declare it under "variables".`,
  );
}

const setVariable: ControlActivityHandler = (activity, context, environment) => {
  const name = String(activity.typeProperties.variableName ?? '');
  if (activity.typeProperties.setSystemVariable === true && name === 'pipelineReturnValue') {
    return setReturnValue(activity, context);
  }
  const spec = environment.variableSpecs[name];
  const input: JsonObject = { variableName: name };
  if (!spec) return undeclaredVariable(activity, input, name);
  if (readsItself(activity, name)) {
    return failed(
      activity,
      input,
      'VariableSelfReference',
      `The value of variable '${name}' cannot refer to the variable itself; copy it into another variable first.`,
    );
  }
  const value = property(activity, 'value', context);
  const json = toJson(value) as JsonValue;
  input.value = json;
  if (value !== null && typeName(value) !== VARIABLE_VALUE_TYPES[spec.type]) {
    return failed(
      activity,
      input,
      'InvalidVariableType',
      `The variable '${name}' of type '${spec.type}' cannot be set to a value of type '${typeName(value)}'; convert it first (string(), bool(), createArray()).`,
    );
  }
  return {
    kind: 'done',
    input,
    variables: { [name]: json },
    result: { status: 'Succeeded', output: { name, value: json } },
  };
};

function setReturnValue(activity: Activity, context: EvaluationContext): ControlStart {
  const entries = activity.typeProperties.value;
  const input: JsonObject = { variableName: 'pipelineReturnValue' };
  if (!Array.isArray(entries)) {
    return failed(
      activity,
      input,
      'InvalidReturnValue',
      'The pipeline return value must be a list of { "key", "value": { "type", "content" } } entries.',
    );
  }
  const returnValue: JsonObject = {};
  entries.forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return;
    const key = String(entry.key ?? '');
    const typed = entry.value as JsonObject | undefined;
    const pointer = `${activity.source.pointer}/typeProperties/value/${index}/value/content`;
    const content = typed?.content ?? null;
    returnValue[key] =
      typed?.type === 'Expression' && typeof content === 'string'
        ? (toJson(
            evaluateProperty(isExpression(content) ? content : `@${content}`, context, pointer),
          ) as JsonValue)
        : resolveJson(content, context, pointer);
  });
  input.value = returnValue;
  return {
    kind: 'done',
    input,
    returnValue,
    result: { status: 'Succeeded', output: { name: 'pipelineReturnValue', value: returnValue } },
  };
}

const appendVariable: ControlActivityHandler = (activity, context, environment) => {
  const name = String(activity.typeProperties.variableName ?? '');
  const spec = environment.variableSpecs[name];
  const input: JsonObject = { variableName: name };
  if (!spec) return undeclaredVariable(activity, input, name);
  if (spec.type !== 'Array') {
    return failed(
      activity,
      input,
      'InvalidVariableType',
      `AppendVariable needs an Array variable, but '${name}' is of type '${spec.type}'.`,
    );
  }
  if (readsItself(activity, name)) {
    return failed(
      activity,
      input,
      'VariableSelfReference',
      `The value appended to '${name}' cannot refer to the variable itself.`,
    );
  }
  const value = toJson(property(activity, 'value', context)) as JsonValue;
  input.value = value;
  const current = environment.variables[name];
  const next = [...(Array.isArray(current) ? current : []), value];
  return {
    kind: 'done',
    input,
    variables: { [name]: next },
    result: { status: 'Succeeded', output: {} },
  };
};

const filter: ControlActivityHandler = (activity, context) => {
  const items = property(activity, 'items', context);
  const input: JsonObject = {};
  if (!Array.isArray(items))
    return failed(
      activity,
      input,
      'InvalidItems',
      `Filter 'items' must evaluate to an array, but it is ${typeName(items)}.`,
    );
  input.items = toJson(items) as JsonValue;
  const kept: Value[] = [];
  for (const item of items as readonly Value[]) {
    const keep = evaluateProperty(
      activity.typeProperties.condition,
      { ...context, item },
      `${activity.source.pointer}/typeProperties/condition`,
    );
    if (typeof keep !== 'boolean') {
      return failed(
        activity,
        input,
        'InvalidCondition',
        `Filter 'condition' must evaluate to a Boolean for every item, but it gave ${typeName(keep)}.`,
      );
    }
    if (keep) kept.push(item);
  }
  const output: JsonObject = {
    ItemsCount: items.length,
    FilteredItemsCount: kept.length,
    Value: toJson(kept) as JsonValue,
  };
  return { kind: 'done', input, result: { status: 'Succeeded', output } };
};

const fail: ControlActivityHandler = (activity, context) => {
  const message = valueToString(property(activity, 'message', context));
  const errorCode = valueToString(property(activity, 'errorCode', context));
  return failed(activity, { message, errorCode }, errorCode, message);
};

const forEach: ControlActivityHandler = (activity, context) => {
  const items = property(activity, 'items', context);
  const isSequential = activity.typeProperties.isSequential === true;
  const batchCount = Number(activity.typeProperties.batchCount ?? DEFAULT_BATCH_COUNT);
  const input: JsonObject = { isSequential, batchCount };
  if (!Array.isArray(items)) {
    return failed(
      activity,
      input,
      'InvalidItems',
      `ForEach 'items' must evaluate to an array, but it is ${typeName(items)}.`,
    );
  }
  input.items = toJson(items) as JsonValue;
  const concurrency = isSequential
    ? 1
    : Math.min(
        MAX_BATCH_COUNT,
        Math.max(1, Number.isFinite(batchCount) ? batchCount : DEFAULT_BATCH_COUNT),
      );
  return {
    kind: 'forEach',
    input,
    items: items as readonly Value[],
    concurrency,
    state: { concurrency },
  };
};

const ifCondition: ControlActivityHandler = (activity, context) => {
  const condition = property(activity, 'expression', context);
  if (typeof condition !== 'boolean') {
    return failed(
      activity,
      {},
      'InvalidCondition',
      `IfCondition 'expression' must evaluate to a Boolean, but it is ${typeName(condition)}.`,
    );
  }
  const branch = condition ? 'true' : 'false';
  return { kind: 'branch', input: { expression: condition }, branch, state: { branch } };
};

const switchActivity: ControlActivityHandler = (activity, context) => {
  const on = property(activity, 'on', context);
  const value = valueToString(on);
  const cases = Array.isArray(activity.typeProperties.cases) ? activity.typeProperties.cases : [];
  const matched = cases.some(
    (entry) =>
      typeof entry === 'object' &&
      entry !== null &&
      !Array.isArray(entry) &&
      String(entry.value) === value,
  );
  const branch = matched ? `case:${value}` : 'default';
  return { kind: 'branch', input: { on: value }, branch, state: { branch } };
};

const until: ControlActivityHandler = (activity, context, environment) => {
  const raw = activity.typeProperties.timeout;
  const timeout =
    raw === undefined
      ? undefined
      : valueToString(
          evaluateProperty(raw, context, `${activity.source.pointer}/typeProperties/timeout`),
        );
  const ms = timeout === undefined ? DEFAULT_UNTIL_TIMEOUT_MS : parseTimeSpan(timeout);
  if (ms === undefined)
    return failed(
      activity,
      {},
      'InvalidTimeout',
      `Until 'timeout' must be written d.hh:mm:ss, not '${timeout}'.`,
    );
  const deadline = environment.now + ms;
  return {
    kind: 'until',
    input: { timeout: timeout ?? '0.12:00:00' },
    deadline,
    state: { deadline },
  };
};

const executePipeline: ControlActivityHandler = (activity, context, environment) => {
  const reference = activity.typeProperties.pipeline as JsonObject | undefined;
  const pipelineName = String(reference?.referenceName ?? '');
  const parameters = resolveJson(
    activity.typeProperties.parameters ?? {},
    context,
    `${activity.source.pointer}/typeProperties/parameters`,
  );
  const waitOnCompletion = activity.typeProperties.waitOnCompletion === true;
  const input: JsonObject = {
    pipeline: { referenceName: pipelineName, type: 'PipelineReference' },
    parameters,
    waitOnCompletion,
  };
  if (!environment.pipelineExists(pipelineName)) {
    return failed(
      activity,
      input,
      'PipelineNotFound',
      `ExecutePipeline refers to pipeline '${pipelineName}', which is not in the factory.`,
    );
  }
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return failed(
      activity,
      input,
      'InvalidParameters',
      'ExecutePipeline parameters must be an object.',
    );
  }
  return { kind: 'executePipeline', input, pipelineName, parameters, waitOnCompletion };
};

/** Keyed by the activity type in lower case (ADF's types ignore case). */
export const controlActivityHandlers: Readonly<Record<string, ControlActivityHandler | undefined>> =
  {
    setvariable: setVariable,
    appendvariable: appendVariable,
    filter,
    fail,
    foreach: forEach,
    ifcondition: ifCondition,
    switch: switchActivity,
    until,
    executepipeline: executePipeline,
  };
