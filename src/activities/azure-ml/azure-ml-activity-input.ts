/**
 * Reading `AzureMLExecutePipeline`'s resolved typeProperties into a submission, with Data
 * Factory's code for every problem: 4101 (invalid activity property).
 */
import type { JsonObject, JsonValue } from '../../factory/resources.js';
import type { MlSubmitTarget } from '../../ml/workspace/ml-workspace.js';
import type { MlDataPathValue } from '../../store/ml-store.js';
import { ExpectedFailure } from '../execution-guard.js';
import { isJsonObject } from '../type-properties.js';

export interface AzureMlActivityInput {
  readonly target: MlSubmitTarget;
  readonly experimentName: string;
  readonly parameterAssignments: Readonly<Record<string, string>>;
  readonly dataPathAssignments: Readonly<Record<string, MlDataPathValue>>;
  readonly continueOnStepFailure?: boolean;
  readonly parentRunId?: string;
  /** (Default: true) */
  readonly waitOnCompletion: boolean;
}

function invalid(message: string): ExpectedFailure {
  return new ExpectedFailure('4101', message);
}

function value(input: JsonObject, name: string): JsonValue | undefined {
  const found = input[name];
  return found === null || found === '' ? undefined : found;
}

function optionalText(input: JsonObject, name: string): string | undefined {
  const found = value(input, name);
  if (found === undefined) return undefined;
  if (typeof found !== 'string')
    throw invalid(`The property '${name}' must be a string, got ${JSON.stringify(found)}.`);
  return found;
}

function optionalFlag(input: JsonObject, name: string): boolean | undefined {
  const found = value(input, name);
  if (found === undefined) return undefined;
  // Expressions over String pipeline parameters produce 'true' / 'false'.
  if (found === 'true' || found === 'false') return found === 'true';
  if (typeof found !== 'boolean')
    throw invalid(`The property '${name}' must be true or false, got ${JSON.stringify(found)}.`);
  return found;
}

function readTarget(input: JsonObject): MlSubmitTarget {
  const pipelineId = optionalText(input, 'mlPipelineId');
  const endpointId = optionalText(input, 'mlPipelineEndpointId');
  const endpointName = optionalText(input, 'mlPipelineEndpointName');
  const version = value(input, 'version');
  const given = [pipelineId, endpointId, endpointName].filter((found) => found !== undefined);
  if (given.length > 1)
    throw invalid(
      "Give only one of 'mlPipelineId', 'mlPipelineEndpointId' and 'mlPipelineEndpointName': the activity runs one published pipeline.",
    );
  if (given.length === 0)
    throw invalid(
      "Give 'mlPipelineId' (a published pipeline's id), 'mlPipelineEndpointId' (a pipeline endpoint's id) or 'mlPipelineEndpointName' (a pipeline endpoint's name).",
    );
  if (pipelineId !== undefined) {
    if (version !== undefined)
      throw invalid(
        "The property 'version' is only allowed with a pipeline endpoint: a published pipeline id already names one version.",
      );
    return { kind: 'pipeline', pipelineId };
  }
  if (version !== undefined && typeof version !== 'string' && typeof version !== 'number')
    throw invalid(
      `The property 'version' must be a string such as "1", got ${JSON.stringify(version)}.`,
    );
  return {
    kind: 'endpoint',
    ...(endpointId === undefined ? {} : { endpointId }),
    ...(endpointName === undefined ? {} : { endpointName }),
    ...(version === undefined ? {} : { version: String(version) }),
  };
}

function readParameters(input: JsonObject): Record<string, string> {
  const found = value(input, 'mlPipelineParameters');
  if (found === undefined) return {};
  if (!isJsonObject(found))
    throw invalid(
      "The property 'mlPipelineParameters' must be an object of parameter name → value.",
    );
  const parameters: Record<string, string> = {};
  for (const [name, parameter] of Object.entries(found)) {
    if (typeof parameter === 'string') parameters[name] = parameter;
    else if (typeof parameter === 'number' || typeof parameter === 'boolean')
      parameters[name] = String(parameter);
    else
      throw invalid(
        `The ML pipeline parameter '${name}' must be a string, number or boolean, got ${JSON.stringify(parameter)}.`,
      );
  }
  return parameters;
}

function readDataPath(name: string, assignment: JsonValue): MlDataPathValue {
  if (typeof assignment === 'string') {
    const slash = assignment.indexOf('/');
    if (slash > 0 && slash < assignment.length - 1)
      return { datastore: assignment.slice(0, slash), path: assignment.slice(slash + 1) };
  } else if (isJsonObject(assignment)) {
    const datastore = assignment['DataStoreName'];
    const path = assignment['RelativePath'];
    if (typeof datastore === 'string' && datastore !== '' && typeof path === 'string')
      return { datastore, path };
  }
  throw invalid(
    `The data path assignment '${name}' must be {"DataStoreName": "<datastore>", "RelativePath": "<path>"} or "<datastore>/<path>", got ${JSON.stringify(assignment)}.`,
  );
}

function readDataPaths(input: JsonObject): Record<string, MlDataPathValue> {
  const found = value(input, 'dataPathAssignments');
  if (found === undefined) return {};
  if (!isJsonObject(found))
    throw invalid("The property 'dataPathAssignments' must be an object of name → data path.");
  return Object.fromEntries(
    Object.entries(found).map(([name, assignment]) => [name, readDataPath(name, assignment)]),
  );
}

/**
 * @param pipelineName the factory pipeline's name, the experiment when `experimentName` is
 * missing or empty.
 */
export function readAzureMlActivityInput(
  input: JsonObject,
  pipelineName: string,
): AzureMlActivityInput {
  const target = readTarget(input);
  const experimentName = optionalText(input, 'experimentName') ?? pipelineName;
  const continueOnStepFailure = optionalFlag(input, 'continueOnStepFailure');
  const parentRunId = optionalText(input, 'mlParentRunId');
  return {
    target,
    experimentName,
    parameterAssignments: readParameters(input),
    dataPathAssignments: readDataPaths(input),
    ...(continueOnStepFailure === undefined ? {} : { continueOnStepFailure }),
    ...(parentRunId === undefined ? {} : { parentRunId }),
    waitOnCompletion: optionalFlag(input, 'waitOnCompletion') ?? true,
  };
}
