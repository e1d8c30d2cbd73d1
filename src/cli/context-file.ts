import { readFile } from 'node:fs/promises';
import type { EvaluationContext } from '../expressions/index.js';
import { fromJson, type Value, type ValueObject } from '../expressions/index.js';

/** A problem with the `--context` file, reported with the file and a JSON pointer. */
export class ContextFileError extends Error {
  readonly code = 'CLI_INVALID_CONTEXT';
}

const OBJECT_KEYS = [
  'pipeline',
  'variables',
  'activities',
  'trigger',
  'linkedService',
  'dataset',
] as const;
const KNOWN_KEYS = new Set<string>([...OBJECT_KEYS, 'item', 'now']);

/**
 * Reads an evaluation context written as JSON:
 * `{ "pipeline": {…}, "variables": {…}, "activities": { "Name": { "output": {…} } }, "item": …, "now": "…" }`.
 */
export async function readContextFile(path: string): Promise<EvaluationContext> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ContextFileError(
      `${path}: cannot read the context file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ContextFileError(`${path}: not valid JSON (${(error as Error).message}).`);
  }
  return contextFromJson(json, path);
}

export function contextFromJson(json: unknown, path: string): EvaluationContext {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ContextFileError(`${path}#/: the context must be a JSON object.`);
  }
  const record = json as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new ContextFileError(
        `${path}#/${key}: unknown key; expected one of ${[...KNOWN_KEYS].join(', ')}.`,
      );
    }
  }
  const context: { -readonly [K in keyof EvaluationContext]: EvaluationContext[K] } = {};
  for (const key of OBJECT_KEYS) {
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ContextFileError(`${path}#/${key}: must be a JSON object.`);
    }
    context[key] = fromJson(value) as ValueObject;
  }
  if ('item' in record) context.item = fromJson(record.item) as Value;
  if (record.now !== undefined) {
    if (typeof record.now !== 'string')
      throw new ContextFileError(`${path}#/now: must be an ISO 8601 string.`);
    context.now = record.now;
  }
  return context;
}
