/**
 * Builds an {@link ActivityExecutionRequest} for one activity without a factory or an engine:
 * for executor tests, and for trying an executor by hand.
 */
import type { Activity, JsonObject } from '../factory/resources.js';
import type { ActivityExecutionRequest } from './activity-executor.js';

export interface ExecutionRequestSpec {
  readonly type: string;
  /** Resolved typeProperties. */
  readonly input: JsonObject;
  /** (Default: `<type>1`, as Data Factory's UI names a new activity). */
  readonly name?: string;
  /** (Default: 1). */
  readonly attempt?: number;
  /** (Default: a signal that never aborts). */
  readonly signal?: AbortSignal;
}

export function buildExecutionRequest(spec: ExecutionRequestSpec): ActivityExecutionRequest {
  const name = spec.name ?? `${spec.type}1`;
  const activity: Activity = {
    name,
    type: spec.type,
    dependsOn: [],
    state: 'Active',
    onInactiveMarkAs: 'Succeeded',
    policy: {},
    userProperties: [],
    typeProperties: spec.input,
    branches: [],
    json: { name, type: spec.type, typeProperties: spec.input },
    source: { file: 'pipeline/test.json', pointer: '/properties/activities/0' },
  };
  return {
    activity,
    input: spec.input,
    pipelineName: 'TestPipeline',
    pipelineRunId: '00000000-0000-4000-8000-000000000001',
    activityRunId: '00000000-0000-4000-8000-000000000002',
    attempt: spec.attempt ?? 1,
    signal: spec.signal ?? new AbortController().signal,
  };
}
