import type { EvaluationContext } from '../context.js';
import { defineFunctions, type CallSite } from './function-definition.js';
import { getProperty, type Value, type ValueObject } from '../values.js';

function available(value: Value | undefined, call: CallSite, where: string): Value {
  if (value === undefined) {
    call.fail('EXPR_NOT_AVAILABLE', `'${call.name}()' is only available ${where}.`);
  }
  return value;
}

function lookUp(
  call: CallSite,
  scope: keyof Pick<EvaluationContext, 'variables' | 'activities'>,
  name: string,
): Value {
  const entries: ValueObject | undefined = call.context[scope];
  const found = entries === undefined ? undefined : getProperty(entries, name);
  if (found !== undefined) return found;
  const known = Object.keys(entries ?? {});
  const list = known.length > 0 ? `'${known.join("', '")}'` : 'none';
  if (scope === 'variables') {
    return call.fail(
      'EXPR_UNKNOWN_VARIABLE',
      `The variable '${name}' is not declared in this pipeline (declared: ${list}); declare it under "variables".`,
      0,
    );
  }
  return call.fail(
    'EXPR_UNKNOWN_ACTIVITY',
    `The activity '${name}' has not run before this point (known: ${list}); make this activity depend on it.`,
    0,
  );
}

/** The accessors of the run's state: `pipeline()`, `variables()`, `activity()`, `item()`… */
export const systemFunctions = defineFunctions([
  {
    name: 'pipeline',
    family: 'system',
    summary:
      'Return the running pipeline: DataFactory, Pipeline, RunId, TriggerType, TriggerId, TriggerName, TriggerTime, GroupId, parameters and globalParameters.',
    params: [],
    returns: 'Object',
    examples: [
      { expression: '@pipeline().parameters.folder', result: '"raw/loans"' },
      { expression: '@pipeline().globalParameters.environment', result: '"prod"' },
    ],
    evaluate: (_args, call) => available(call.context.pipeline, call, 'while a pipeline runs'),
  },
  {
    name: 'variables',
    family: 'system',
    summary: "Return the current value of one of the pipeline's variables.",
    params: [{ name: 'variableName', type: 'string' }],
    returns: 'String | Boolean | Array',
    examples: [{ expression: "@variables('counter')", result: '3' }],
    evaluate: ([name], call) => lookUp(call, 'variables', name as string),
  },
  {
    name: 'activity',
    family: 'system',
    summary: 'Return an activity that ran earlier in this pipeline: its output, error and status.',
    params: [{ name: 'activityName', type: 'string' }],
    returns: 'Object',
    examples: [
      { expression: "@activity('LookupConfig').output.firstRow.table", result: '"loans"' },
      { expression: "@activity('LookupConfig').status", result: '"Succeeded"' },
    ],
    evaluate: ([name], call) => lookUp(call, 'activities', name as string),
  },
  {
    name: 'item',
    family: 'system',
    summary: 'Return the current item of the ForEach loop or Filter condition being evaluated.',
    params: [],
    returns: 'any',
    examples: [{ expression: '@item().name', result: '"a.csv"' }],
    evaluate: (_args, call) =>
      available(call.context.item, call, 'inside a ForEach or Filter activity'),
  },
  {
    name: 'trigger',
    family: 'system',
    summary:
      'Return the trigger that started the run: startTime, scheduledTime, outputs and so on.',
    params: [],
    returns: 'Object',
    examples: [{ expression: '@trigger().scheduledTime', result: '"2026-01-01T06:00:00Z"' }],
    evaluate: (_args, call) =>
      available(call.context.trigger, call, 'in a run started by a trigger'),
  },
  {
    name: 'linkedService',
    family: 'system',
    summary: 'Return the parameters of the linked service whose properties are being resolved.',
    params: [],
    returns: 'Object',
    examples: [{ expression: '@linkedService().accountName', result: '"contosodata"' }],
    evaluate: (_args, call) =>
      available(call.context.linkedService, call, 'inside a linked service definition'),
  },
  {
    name: 'dataset',
    family: 'system',
    summary: 'Return the parameters of the dataset whose properties are being resolved.',
    params: [],
    returns: 'Object',
    examples: [{ expression: '@dataset().fileName', result: '"loans.csv"' }],
    evaluate: (_args, call) => available(call.context.dataset, call, 'inside a dataset definition'),
  },
]);
