/** Pipelines the canvas tests share (test support only; nothing in the app imports it). */
import type { JsonObject } from '../api/factory-api.js';

export function activity(
  name: string,
  type: string,
  dependsOn: Record<string, string[]> = {},
  typeProperties: JsonObject = {},
): JsonObject {
  return {
    name,
    type,
    dependsOn: Object.entries(dependsOn).map(([on, conditions]) => ({
      activity: on,
      dependencyConditions: conditions,
    })),
    typeProperties,
  };
}

/**
 * Lookup → ForEach (Copy → Set; If with Wait in True and nothing in False) → Switch (case "a":
 * Web; default: Fail), Lookup → Alert on failure, and an Until holding Poll → Pause.
 */
export function nestedPipeline(): JsonObject[] {
  return [
    activity('Lookup', 'Lookup'),
    activity(
      'Each',
      'ForEach',
      { Lookup: ['Succeeded'] },
      {
        items: { value: "@activity('Lookup').output.value", type: 'Expression' },
        activities: [
          activity('Copy', 'Copy'),
          activity('Set', 'SetVariable', { Copy: ['Succeeded'] }),
          activity(
            'Check',
            'IfCondition',
            { Copy: ['Failed', 'Skipped'] },
            {
              expression: { value: '@true', type: 'Expression' },
              ifTrueActivities: [activity('Pause', 'Wait')],
              ifFalseActivities: [],
            },
          ),
        ],
      },
    ),
    activity(
      'Route',
      'Switch',
      { Each: ['Completed'] },
      {
        on: '@pipeline().parameters.mode',
        cases: [{ value: 'a', activities: [activity('Call', 'WebActivity')] }],
        defaultActivities: [activity('Stop', 'Fail')],
      },
    ),
    activity('Alert', 'WebActivity', { Lookup: ['Failed'] }),
    activity(
      'Retry',
      'Until',
      {},
      {
        expression: { value: '@true', type: 'Expression' },
        activities: [
          activity('Poll', 'WebActivity'),
          activity('Nap', 'Wait', { Poll: ['Succeeded'] }),
        ],
      },
    ),
  ];
}

/** Freezes a JSON value all the way down, so that an edit that mutates its input throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
