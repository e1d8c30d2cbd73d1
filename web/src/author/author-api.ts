/**
 * The factory API calls of the authoring pages: pipelines listed, read, validated, saved with
 * optimistic concurrency (`If-Match` with the etag the editor loaded) and deleted.
 */
import type { FactoryResource } from '../api/factory-api.js';
import { apiRequest } from '../api/http.js';
import { factoryPath, segment } from '../api/paths.js';
import type { PipelineResource } from './pipeline-resource.js';
import type { ValidationProblem } from './problem-placement.js';

export interface SavedPipeline extends FactoryResource {
  /** Validation warnings of the saved pipeline (the server's, Millrace only). */
  readonly warnings?: readonly ValidationProblem[];
}

export interface PipelineValidation {
  readonly valid: boolean;
  readonly errors: readonly ValidationProblem[];
  readonly warnings: readonly ValidationProblem[];
}

/** The react-query key of a factory's pipeline list; saving, creating and deleting invalidate it. */
export function pipelinesQueryKey(factory: string) {
  return ['factory', factory, 'pipelines'] as const;
}

/** The react-query key of one pipeline. */
export function pipelineQueryKey(factory: string, name: string) {
  return ['factory', factory, 'pipelines', name] as const;
}

function pipelinePath(factory: string, name: string): string {
  return `${factoryPath(factory)}/pipelines/${segment(name)}`;
}

export function getPipeline(factory: string, name: string): Promise<FactoryResource> {
  return apiRequest(pipelinePath(factory, name));
}

/**
 * Creates or replaces a pipeline. With `etag`, only while the stored pipeline still has it: a
 * 412 `ApiError` means someone saved in between.
 */
export function savePipeline(
  factory: string,
  resource: PipelineResource,
  etag?: string,
): Promise<SavedPipeline> {
  return apiRequest(pipelinePath(factory, resource.name), {
    method: 'PUT',
    body: resource,
    ...(etag === undefined ? {} : { headers: { 'if-match': etag } }),
  });
}

/** Validates a pipeline as saving it would, without saving. */
export function validatePipeline(
  factory: string,
  resource: PipelineResource,
): Promise<PipelineValidation> {
  return apiRequest(`${pipelinePath(factory, resource.name)}/validate`, {
    method: 'POST',
    body: resource,
  });
}

export function deletePipeline(factory: string, name: string): Promise<void> {
  return apiRequest(pipelinePath(factory, name), { method: 'DELETE' });
}
