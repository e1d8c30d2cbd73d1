/**
 * The factory REST API (Data Factory's shape) as the UI uses it. Resources are ADF's JSON
 * (`{name, properties}`); runs are ADF's pipeline run and activity run objects.
 */
import { apiRequest } from './http.js';
import type { Json, JsonObject } from './json.js';
import { FACTORIES_PATH, factoryPath, segment } from './paths.js';

export type ResourceCollection = 'pipelines' | 'linkedservices' | 'datasets';

export type { Json, JsonObject } from './json.js';

export interface FactoryResource {
  readonly id?: string;
  readonly name: string;
  readonly type?: string;
  readonly etag?: string;
  readonly properties: JsonObject;
}

export interface PipelineRun {
  readonly runId: string;
  readonly pipelineName: string;
  readonly status: string;
  readonly runStart?: string;
  readonly runEnd?: string;
  readonly durationInMs?: number;
  readonly message?: string;
  readonly parameters?: Record<string, string>;
  readonly invokedBy?: { readonly name?: string; readonly invokedByType?: string };
  readonly runGroupId?: string;
  readonly isLatest?: boolean;
  readonly lastUpdated?: string;
  readonly annotations?: readonly string[];
  readonly runDimension?: Record<string, string>;
  readonly [key: string]: unknown;
}

export interface ActivityRun {
  readonly activityRunId: string;
  readonly activityName: string;
  readonly activityType: string;
  readonly pipelineRunId: string;
  readonly pipelineName: string;
  readonly status: string;
  readonly activityRunStart?: string;
  readonly activityRunEnd?: string;
  readonly durationInMs?: number;
  readonly input?: Json;
  readonly output?: Json;
  readonly error?: { errorCode?: string; message?: string; failureType?: string; target?: string };
  readonly [key: string]: unknown;
}

export interface Page<T> {
  readonly value: readonly T[];
  readonly continuationToken?: string;
}

export interface RunQueryFilter {
  readonly operand: string;
  readonly operator: 'Equals' | 'NotEquals' | 'In' | 'NotIn';
  readonly values: readonly string[];
}

export interface RunQuery {
  readonly lastUpdatedAfter: string;
  readonly lastUpdatedBefore: string;
  readonly filters?: readonly RunQueryFilter[];
  readonly orderBy?: readonly { orderBy: string; order: 'ASC' | 'DESC' }[];
  readonly continuationToken?: string;
}

export interface RerunOptions {
  readonly referencePipelineRunId?: string;
  readonly isRecovery?: boolean;
  readonly startActivityName?: string;
  readonly startFromFailure?: boolean;
}

export async function listFactories(): Promise<readonly string[]> {
  const page = await apiRequest<Page<{ name: string }>>(FACTORIES_PATH);
  return page.value.map((factory) => factory.name);
}

export async function listResources(
  factory: string,
  collection: ResourceCollection,
): Promise<readonly FactoryResource[]> {
  const page = await apiRequest<Page<FactoryResource>>(`${factoryPath(factory)}/${collection}`);
  return page.value;
}

export function getResource(
  factory: string,
  collection: ResourceCollection,
  name: string,
): Promise<FactoryResource> {
  return apiRequest(`${factoryPath(factory)}/${collection}/${segment(name)}`);
}

export function createRun(
  factory: string,
  pipelineName: string,
  parameters: JsonObject,
  rerun: RerunOptions = {},
): Promise<{ runId: string }> {
  return apiRequest(`${factoryPath(factory)}/pipelines/${segment(pipelineName)}/createRun`, {
    method: 'POST',
    body: parameters,
    query: { ...rerun },
  });
}

export function getPipelineRun(factory: string, runId: string): Promise<PipelineRun> {
  return apiRequest(`${factoryPath(factory)}/pipelineruns/${segment(runId)}`);
}

/** The pipeline a run executes, as it was when it started (secrets masked). */
export function getPipelineRunDefinition(
  factory: string,
  runId: string,
): Promise<{ name: string; properties: JsonObject }> {
  return apiRequest(`${factoryPath(factory)}/pipelineruns/${segment(runId)}/pipeline`);
}

export function queryPipelineRuns(factory: string, query: RunQuery): Promise<Page<PipelineRun>> {
  return apiRequest(`${factoryPath(factory)}/queryPipelineRuns`, { method: 'POST', body: query });
}

export function cancelPipelineRun(factory: string, runId: string): Promise<void> {
  return apiRequest(`${factoryPath(factory)}/pipelineruns/${segment(runId)}/cancel`, {
    method: 'POST',
  });
}
