/**
 * Azure ML's PipelineSubmit body (keys already in canonical case, validated by its schema) →
 * the workspace's `MlSubmitRequest`. Nested data path keys match in any letter case too;
 * `StepTags` and unknown fields are ignored; dataset assignments are refused, since Millrace
 * binds data through datastores only.
 */
import type { FromSchema } from 'json-schema-to-ts';
import type { MlSubmitRequest } from '../ml/workspace/ml-workspace.js';
import { MlWorkspaceError } from '../ml/workspace/ml-workspace-errors.js';
import type { MlDataPathValue } from '../store/ml-store.js';
import { canonicalKeys } from './case-insensitive-body.js';
import type { submitBodySchema } from './ml-request-schemas.js';

export type SubmitBody = FromSchema<typeof submitBodySchema>;

/**
 * @param submitter the signed-in principal's name, recorded as the run's creator (a body's
 * `CreatedBy` is not trusted).
 */
export function submitRequestOf(
  body: SubmitBody,
  query: { readonly parentRunId?: string },
  submitter: string | undefined,
): MlSubmitRequest {
  const datasets = body.DataSetDefinitionValueAssignments;
  if (datasets !== undefined && datasets !== null && Object.keys(datasets).length > 0) {
    throw new MlWorkspaceError(
      'ML_INVALID_REQUEST',
      `body.DataSetDefinitionValueAssignments: dataset assignments are not supported; use DataPathAssignments ({"<name>": {"DataStoreName": …, "RelativePath": …}}) for ${Object.keys(datasets).join(', ')}.`,
      Object.keys(datasets).map((name) => ({
        name,
        problem: 'dataset assignments are not supported',
      })),
    );
  }
  const parentRunId = body.ParentRunId ?? query.parentRunId;
  return {
    experimentName: body.ExperimentName,
    ...(typeof body.Description === 'string' ? { description: body.Description } : {}),
    ...(typeof body.RunSource === 'string' ? { runSource: body.RunSource } : {}),
    ...(isObject(body.ParameterAssignments)
      ? { parameterAssignments: body.ParameterAssignments }
      : {}),
    ...(isObject(body.DataPathAssignments)
      ? { dataPathAssignments: dataPathAssignmentsOf(body.DataPathAssignments) }
      : {}),
    ...(typeof body.ContinueRunOnStepFailure === 'boolean'
      ? { continueRunOnStepFailure: body.ContinueRunOnStepFailure }
      : {}),
    ...(parentRunId !== undefined && parentRunId !== null && parentRunId !== ''
      ? { parentRunId }
      : {}),
    ...(isObject(body.Tags) ? { tags: body.Tags as Record<string, string> } : {}),
    ...(typeof body.RegenerateOutputs === 'boolean'
      ? { regenerateOutputs: body.RegenerateOutputs }
      : {}),
    ...(submitter === undefined ? {} : { createdBy: submitter }),
  };
}

/**
 * `{name: {DataStoreName, RelativePath}}` (any case) → `{name: {datastore, path}}`. A value of
 * another shape is passed on as it is, so the workspace reports it with what the client sent.
 */
function dataPathAssignmentsOf(
  assignments: Readonly<Record<string, unknown>>,
): Record<string, MlDataPathValue> {
  const result: Record<string, MlDataPathValue> = {};
  for (const [name, value] of Object.entries(assignments)) {
    if (!isObject(value)) {
      result[name] = value as MlDataPathValue;
      continue;
    }
    const fields = canonicalKeys(value, ['DataStoreName', 'RelativePath']);
    const datastore = fields['DataStoreName'];
    const path = fields['RelativePath'];
    result[name] =
      typeof datastore === 'string' && typeof path === 'string'
        ? { datastore, path }
        : (value as unknown as MlDataPathValue);
  }
  return result;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
