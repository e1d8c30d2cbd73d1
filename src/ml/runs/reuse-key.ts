/**
 * Step reuse: what decides a step's result, hashed into a key, and in words what changed when a
 * step could not be reused. The parts follow Azure ML: the step's code snapshot, its command,
 * resolved parameters, the identities of its data inputs (datastore + path: a reused upstream
 * step hands on the same path, a rerun one a new path) and its environment.
 */
import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '../../factory/resources.js';
import type { MlStepRunRecord } from '../../store/ml-store.js';
import type { MlStep } from '../ml-pipeline-definition.js';
import { canonicalJson } from '../workspace/published-snapshot.js';
import { literalText, type ResolvedStepInput } from './step-bindings.js';

export interface ReuseComponents {
  readonly stepType: string;
  readonly code: string | null;
  readonly command: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly inputs: Readonly<Record<string, string>>;
  readonly environment: string;
  readonly settings: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function canonical(value: unknown): string {
  return canonicalJson(value as JsonValue);
}

export function reuseComponents(
  step: MlStep,
  codeHash: string | null,
  inputs: readonly ResolvedStepInput[],
): ReuseComponents {
  const parameters: Record<string, string> = {};
  const dataInputs: Record<string, string> = {};
  for (const input of inputs) {
    if (input.kind === 'value') parameters[input.name] = literalText(input.value);
    else dataInputs[input.name] = `${input.dataPath.datastore}:${input.dataPath.path}`;
  }
  // What does not change a step's result stays out: names, places, retry and scheduling.
  const {
    name,
    location,
    displayName,
    description,
    allowReuse,
    retry,
    alwaysRun,
    timeoutSeconds,
    dependsOn,
    ...shape
  } = step;
  const command =
    step.type === 'command' ? step.command : `${step.entryScript} ${step.programArguments}`;
  return {
    stepType: step.type,
    code: codeHash,
    command,
    parameters,
    inputs: dataInputs,
    environment: sha256(canonical([step.environment ?? null, step.environmentVariables])),
    // Everything else about the step that shapes its result (outputs, parallel settings).
    settings: sha256(
      canonical({
        ...shape,
        inputs: step.inputs.map((input) => [input.name, input.type, input.mode ?? null]),
        codeLocation: null,
        entryScriptLocation: null,
      }),
    ),
  };
}

export function reuseKey(components: ReuseComponents): string {
  return sha256(canonical(components));
}

const PART_NAMES: Record<keyof ReuseComponents, string> = {
  stepType: 'step type',
  code: 'code snapshot',
  command: 'command',
  parameters: 'parameters',
  inputs: 'data inputs',
  environment: 'environment',
  settings: 'step settings',
};

/**
 * Why the step runs although reuse is allowed: what differs from the previous run of the same
 * step, named precisely (which parameter, which input).
 */
export function describeChanges(
  current: ReuseComponents,
  previous: MlStepRunRecord | undefined,
): string {
  if (previous === undefined) return 'no earlier run of this step to reuse';
  const before = previous.reuseComponents as Partial<Record<keyof ReuseComponents, unknown>>;
  const changes: string[] = [];
  for (const part of Object.keys(PART_NAMES) as (keyof ReuseComponents)[]) {
    const now = current[part];
    const then = before[part];
    if (canonical(now) === canonical(then ?? null)) continue;
    if ((part === 'parameters' || part === 'inputs') && isRecord(now) && isRecord(then)) {
      const names = [...new Set([...Object.keys(now), ...Object.keys(then)])]
        .filter((name) => now[name] !== then[name])
        .sort();
      changes.push(`${PART_NAMES[part]} ${names.join(', ')}`);
    } else {
      changes.push(PART_NAMES[part]);
    }
  }
  if (changes.length > 0) {
    return `changed since run ${previous.runId}: ${changes.join('; ')}`;
  }
  return `the earlier run ${previous.runId} of this step with the same inputs ended ${previous.status}, so there is nothing to reuse`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function componentsAsJson(components: ReuseComponents): JsonObject {
  return {
    ...components,
    parameters: { ...components.parameters },
    inputs: { ...components.inputs },
  };
}
