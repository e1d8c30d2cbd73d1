/**
 * What a published pipeline stores as its `definition`: the pipeline model as JSON and, per step
 * with a code folder, the hash of that folder's snapshot. Each step's code is snapshotted on its
 * own, so editing one step's code changes only that step's hash, and step reuse compares it.
 * The pipeline hash (the record's `snapshotHash`) covers the canonical definition JSON and every
 * step's code hash; `<snapshotRoot>/<pipeline hash>/published-snapshot.json` holds the JSON.
 *
 * Stored shape: `{ pipeline: MlPipelineDefinition, stepCode: { [stepName]: { snapshotHash } } }`;
 * steps without a code folder have no `stepCode` entry. `pipeline.file` is the YAML's file name
 * only, so the same pipeline published from different places hashes the same.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import type { JsonObject, JsonValue } from '../../factory/resources.js';
import type { MlPublishedPipelineRecord } from '../../store/ml-store.js';
import { ML_STEP_TYPES } from '../ml-pipeline-definition.js';
import type { MlPipelineDefinition, MlStep } from '../ml-pipeline-definition.js';
import {
  isSnapshotHash,
  snapshotCodeFolder,
  snapshotFolderOf,
  storeSnapshotFolder,
} from './code-snapshot.js';
import { MlWorkspaceError } from './ml-workspace-errors.js';

export const PUBLISHED_SNAPSHOT_FILE = 'published-snapshot.json';

export interface PublishedStepCode {
  /** The step's code snapshot: `codeFolderOf(snapshotRoot, snapshotHash)`. */
  readonly snapshotHash: string;
}

export interface PublishedSnapshot {
  readonly pipeline: MlPipelineDefinition;
  readonly stepCode: Readonly<Record<string, PublishedStepCode>>;
}

export interface StoredPipelineSnapshot {
  /** The record's `definition`. */
  readonly definition: JsonObject;
  /** The record's `snapshotHash`. */
  readonly pipelineHash: string;
  /** True when this exact pipeline (definition and every step's code) was stored before. */
  readonly snapshotExisted: boolean;
}

/** The stored code of a step, by its snapshot hash. */
export function codeFolderOf(snapshotRoot: string, hash: string): string {
  return snapshotFolderOf(snapshotRoot, hash);
}

/** The folder a step's `code` names: relative to the YAML's folder unless absolute. */
export function stepCodeFolder(step: MlStep, baseDirectory: string): string | undefined {
  if (step.code === undefined) return undefined;
  return isAbsolute(step.code) ? step.code : join(baseDirectory, step.code);
}

/**
 * Snapshots every step's code folder (relative to `baseDirectory`), then the definition itself.
 * A code folder that cannot be snapshotted (a link leading out of it) is `ML_INVALID_PIPELINE`
 * with the problem located at the step's `code` field.
 */
export async function storePipelineSnapshot(
  definition: MlPipelineDefinition,
  baseDirectory: string,
  snapshotRoot: string,
): Promise<StoredPipelineSnapshot> {
  const stepCode: Record<string, PublishedStepCode> = {};
  for (const step of definition.steps) {
    const folder = stepCodeFolder(step, baseDirectory);
    if (folder === undefined) continue;
    try {
      const snapshot = await snapshotCodeFolder(folder, snapshotRoot);
      stepCode[step.name] = { snapshotHash: snapshot.hash };
    } catch (error) {
      throw locateCodeProblem(error, definition, step);
    }
  }
  const stored: JsonObject = {
    pipeline: toJson({ ...definition, file: basename(definition.file) }) as JsonObject,
    stepCode: toJson(stepCode),
  };
  const pipelineHash = createHash('sha256').update(canonicalJson(stored)).digest('hex');
  const snapshot = await storeSnapshotFolder(
    snapshotRoot,
    pipelineHash,
    `pipeline "${definition.name}"`,
    (folder) => writeFile(join(folder, PUBLISHED_SNAPSHOT_FILE), `${canonicalJson(stored)}\n`),
  );
  return { definition: stored, pipelineHash, snapshotExisted: snapshot.existed };
}

/**
 * Reads a published pipeline's `definition` back. A shape this module never writes means the
 * stored record is damaged: `ML_SNAPSHOT_FAILED`.
 */
export function readPublishedSnapshot(record: MlPublishedPipelineRecord): PublishedSnapshot {
  const problems = snapshotShapeProblems(record.definition);
  if (problems.length > 0) {
    throw new MlWorkspaceError(
      'ML_SNAPSHOT_FAILED',
      `The stored definition of published pipeline ${record.id} is damaged (${problems.join('; ')}); publish the pipeline again.`,
      problems,
    );
  }
  const definition = record.definition as unknown as PublishedSnapshot;
  return { pipeline: definition.pipeline, stepCode: definition.stepCode };
}

function snapshotShapeProblems(definition: JsonObject): string[] {
  const pipeline = definition.pipeline;
  const stepCode = definition.stepCode;
  const problems: string[] = [];
  if (!isObject(pipeline)) return ['"pipeline" is not an object'];
  if (typeof pipeline.name !== 'string') problems.push('"pipeline.name" is not a string');
  if (!isObject(pipeline.settings)) problems.push('"pipeline.settings" is not an object');
  if (!Array.isArray(pipeline.inputs)) problems.push('"pipeline.inputs" is not an array');
  if (!Array.isArray(pipeline.outputs)) problems.push('"pipeline.outputs" is not an array');
  const steps = Array.isArray(pipeline.steps) ? pipeline.steps : undefined;
  if (steps === undefined) problems.push('"pipeline.steps" is not an array');
  const stepNames = new Set<string>();
  steps?.forEach((step, index) => {
    if (!isObject(step) || typeof step.name !== 'string') {
      problems.push(`"pipeline.steps[${index}]" has no name`);
    } else if (!(ML_STEP_TYPES as readonly JsonValue[]).includes(step.type ?? null)) {
      problems.push(`step "${step.name}" has no known type`);
    } else {
      stepNames.add(step.name);
    }
  });
  const order = pipeline.stepOrder;
  if (
    !Array.isArray(order) ||
    order.length !== stepNames.size ||
    !order.every((name) => typeof name === 'string' && stepNames.has(name))
  ) {
    problems.push('"pipeline.stepOrder" does not list every step once');
  }
  if (!isObject(stepCode)) return [...problems, '"stepCode" is not an object'];
  for (const [name, code] of Object.entries(stepCode)) {
    if (!stepNames.has(name)) problems.push(`"stepCode" names no step "${name}"`);
    if (!isObject(code) || !isSnapshotHash(code.snapshotHash)) {
      problems.push(`"stepCode.${name}.snapshotHash" is not a snapshot hash`);
    }
  }
  return problems;
}

/** A code-folder problem, as a pipeline problem at the step's `code` field. */
function locateCodeProblem(
  error: unknown,
  definition: MlPipelineDefinition,
  step: MlStep,
): unknown {
  if (!(error instanceof MlWorkspaceError) || error.code !== 'ML_INVALID_PIPELINE') return error;
  const location = step.codeLocation ?? step.location;
  const message = `Step "${step.name}": ${error.message}`;
  return new MlWorkspaceError(
    'ML_INVALID_PIPELINE',
    message,
    [
      {
        code: 'ML_INVALID_VALUE',
        severity: 'error',
        message,
        file: definition.file,
        line: location.line,
        column: location.column,
        path: location.path,
      },
    ],
    { cause: error },
  );
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** JSON with object keys sorted at every level, so equal values hash equally. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] ?? null)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
