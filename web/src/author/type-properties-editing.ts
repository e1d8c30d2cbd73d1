/**
 * The `typeProperties` the properties panel's JSON editor shows: a container's inner activity
 * lists are left out (they are edited on the canvas, and would bury the settings), then put back
 * as they were when the edited JSON is applied. Pure.
 */
import type { Json, JsonObject } from '../api/factory-api.js';
import { containerTypeOf, isJsonObject } from '../canvas/activity-tree.js';

const LIST_KEYS = ['activities', 'ifTrueActivities', 'ifFalseActivities', 'defaultActivities'];

function typePropertiesOf(activity: JsonObject): JsonObject {
  const properties = activity['typeProperties'];
  return isJsonObject(properties) ? properties : {};
}

/** The activity's `typeProperties` without inner activity lists. */
export function editableTypeProperties(activity: JsonObject): JsonObject {
  const properties = typePropertiesOf(activity);
  if (containerTypeOf(activity) === undefined) return properties;
  const editable: JsonObject = {};
  for (const [key, value] of Object.entries(properties)) {
    if (LIST_KEYS.includes(key)) continue;
    editable[key] =
      key === 'cases' && Array.isArray(value)
        ? value.map((entry) => {
            if (!isJsonObject(entry)) return entry;
            const { activities: _inner, ...rest } = entry;
            return rest;
          })
        : value;
  }
  return editable;
}

/** The activity with `edited` as its `typeProperties`, its inner activity lists kept. */
export function withEditedTypeProperties(activity: JsonObject, edited: JsonObject): JsonObject {
  if (containerTypeOf(activity) === undefined) return { ...activity, typeProperties: edited };
  const original = typePropertiesOf(activity);
  const merged: JsonObject = { ...edited };
  for (const key of LIST_KEYS) {
    const list = original[key];
    if (list === undefined) delete merged[key];
    else merged[key] = list;
  }
  const cases = edited['cases'];
  const originalCases = original['cases'];
  if (Array.isArray(cases)) {
    merged['cases'] = cases.map((entry, index): Json => {
      if (!isJsonObject(entry)) return entry;
      const before = Array.isArray(originalCases) ? originalCases[index] : undefined;
      const inner = isJsonObject(before) ? before['activities'] : undefined;
      return { ...entry, activities: inner ?? [] };
    });
  }
  return { ...activity, typeProperties: merged };
}
