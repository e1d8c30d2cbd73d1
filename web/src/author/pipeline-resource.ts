/**
 * The pipeline resource the editor holds (`{name, properties: {activities, parameters, variables,
 * annotations, folder, description, concurrency}}`, Data Factory's JSON) and the small rules the
 * forms check before the server does: resource names, parameter and variable types and literal
 * defaults. Pure.
 */
import type { Json, JsonObject } from '../api/factory-api.js';
import { isJsonObject } from '../canvas/activity-tree.js';

export interface PipelineResource {
  readonly name: string;
  readonly properties: JsonObject;
}

/** A new pipeline: no activities yet. */
export function emptyPipeline(name: string): PipelineResource {
  return { name, properties: { activities: [] } };
}

/** The editor's view of a stored resource: its name and properties only (no id, etag, type). */
export function editablePipeline(resource: {
  readonly name: string;
  readonly properties: JsonObject;
}): PipelineResource {
  return { name: resource.name, properties: resource.properties };
}

export function pipelineJsonText(resource: PipelineResource): string {
  return JSON.stringify(resource, null, 2);
}

/** Structural equality of two JSON values (key order ignored, as JSON objects are unordered). */
export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]))
    );
  }
  return false;
}

export function samePipeline(a: PipelineResource, b: PipelineResource): boolean {
  return a.name === b.name && sameJson(a.properties, b.properties);
}

// Mirrors the server's resource name rule (src/factory-service/factory-service.ts).
const MAX_RESOURCE_NAME_LENGTH = 260;
const RESOURCE_NAME_START = /^[A-Za-z0-9_]/;
const FORBIDDEN_RESOURCE_NAME_CHARACTERS = /[.+?/<>*%&:\\]/;

/** Why `name` cannot name a new pipeline, or undefined. Names ignore case, as in Data Factory. */
export function pipelineNameProblem(
  name: string,
  existing: readonly string[] = [],
): string | undefined {
  if (name.length === 0) return 'A pipeline needs a name.';
  if (name.length > MAX_RESOURCE_NAME_LENGTH)
    return `Pipeline names are at most ${MAX_RESOURCE_NAME_LENGTH} characters long.`;
  if (!RESOURCE_NAME_START.test(name))
    return 'A pipeline name starts with a letter, a digit or an underscore.';
  if (FORBIDDEN_RESOURCE_NAME_CHARACTERS.test(name))
    return 'Pipeline names cannot hold . + ? / < > * % & : \\';
  const lower = name.toLowerCase();
  const taken = existing.find((other) => other.toLowerCase() === lower);
  return taken === undefined ? undefined : `A pipeline named '${taken}' already exists.`;
}

/** Data Factory's parameter and variable types, as the server's factory model lists them. */
export {
  ParameterTypes,
  VariableTypes,
  type ParameterType,
  type VariableType,
} from '../../../src/factory/resources.js';

export type DefaultValueParse =
  | { readonly ok: true; readonly value: Json | undefined }
  | { readonly ok: false; readonly message: string };

/**
 * A default value as the user typed it, for a parameter or variable of `type`: strings as
 * written, numbers and booleans as literals, arrays and objects as JSON. Empty text means no
 * default (for a string too: ADF's UI does the same).
 */
export function parseDefaultValue(type: string, text: string): DefaultValueParse {
  if (text === '') return { ok: true, value: undefined };
  switch (type.toLowerCase()) {
    case 'string':
    case 'securestring':
      return { ok: true, value: text };
    case 'int':
      return /^-?\d+$/.test(text.trim())
        ? { ok: true, value: Number(text.trim()) }
        : { ok: false, message: 'Write an integer such as 3.' };
    case 'float': {
      const value = Number(text.trim());
      return text.trim() !== '' && Number.isFinite(value)
        ? { ok: true, value }
        : { ok: false, message: 'Write a number such as 0.5.' };
    }
    case 'bool':
    case 'boolean':
      return text.trim() === 'true' || text.trim() === 'false'
        ? { ok: true, value: text.trim() === 'true' }
        : { ok: false, message: 'Write true or false.' };
    case 'array':
    case 'object': {
      const wantsArray = type.toLowerCase() === 'array';
      try {
        const value = JSON.parse(text) as Json;
        if (Array.isArray(value) === wantsArray && (wantsArray || isJsonObject(value)))
          return { ok: true, value };
      } catch {
        // Answered below.
      }
      return {
        ok: false,
        message: wantsArray
          ? 'Write a JSON array such as ["a", "b"].'
          : 'Write a JSON object such as {"a": 1}.',
      };
    }
    default:
      return { ok: true, value: text };
  }
}

/** A default value as text for its field (strings bare, everything else as JSON). */
export function defaultValueText(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
