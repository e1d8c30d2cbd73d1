/**
 * The ML workspace listings the panel shows, fetched with the signed-in user's token, and the
 * interface of the pipeline the activity names. A 403 comes back as the query's `ApiError`
 * (`forbidden`), for the panel to explain.
 */
import { useQuery } from '@tanstack/react-query';
import { listMlPipelines, listPipelineEndpoints, type MlPipeline } from '../../api/ml-api.js';
import type { InterfaceLookup } from './ml-interface-lookup.js';
import { pickEndpointVersion } from './ml-interface-lookup.js';
import { getPipelineEndpointByName, listEndpointPipelines } from './ml-listing-api.js';

const LISTING_STALE_MS = 30_000;

export function useMlPipelines(enabled: boolean) {
  return useQuery({
    queryKey: ['ml-activity-panel', 'pipelines'],
    // Every status: an activity may name a deprecated or disabled pipeline, shown as such.
    queryFn: () => listMlPipelines(false),
    staleTime: LISTING_STALE_MS,
    enabled,
  });
}

export function useMlEndpoints(enabled: boolean) {
  return useQuery({
    queryKey: ['ml-activity-panel', 'endpoints'],
    queryFn: () => listPipelineEndpoints(false),
    staleTime: LISTING_STALE_MS,
    enabled,
  });
}

export function useEndpointVersions(endpointId: string | undefined) {
  return useQuery({
    queryKey: ['ml-activity-panel', 'endpoint-versions', endpointId],
    queryFn: () => listEndpointPipelines(endpointId ?? ''),
    staleTime: LISTING_STALE_MS,
    enabled: endpointId !== undefined,
  });
}

export interface ResolvedInterface {
  /** The published pipeline whose interface the form shows. */
  readonly pipeline: MlPipeline | undefined;
  readonly endpointId: string | undefined;
  readonly endpointName: string | undefined;
  readonly isPending: boolean;
  readonly error: unknown;
  /** Why there is no pipeline although the lookups answered (`undefined` when there is one). */
  readonly missing?: string;
}

/** The published pipeline (and its interface) the activity's reference names. */
export function usePipelineInterface(lookup: InterfaceLookup): ResolvedInterface {
  const pipelines = useMlPipelines(lookup.kind === 'pipeline');
  const endpoints = useMlEndpoints(lookup.kind === 'endpoint');
  const endpointFromList =
    lookup.kind !== 'endpoint'
      ? undefined
      : endpoints.data?.find((endpoint) =>
          lookup.by === 'id' ? endpoint.Id === lookup.key : endpoint.Name === lookup.key,
        );
  // By name without the list (or not in it): ask for that one endpoint.
  const byName = useQuery({
    queryKey: [
      'ml-activity-panel',
      'endpoint-by-name',
      lookup.kind === 'endpoint' ? lookup.key : '',
    ],
    queryFn: () => getPipelineEndpointByName(lookup.kind === 'endpoint' ? lookup.key : ''),
    staleTime: LISTING_STALE_MS,
    enabled:
      lookup.kind === 'endpoint' &&
      lookup.by === 'name' &&
      endpointFromList === undefined &&
      (endpoints.isError || endpoints.isSuccess),
  });
  const endpointId =
    lookup.kind !== 'endpoint'
      ? undefined
      : (endpointFromList?.Id ?? (lookup.by === 'id' ? lookup.key : byName.data?.Id));
  const versions = useEndpointVersions(endpointId);

  if (lookup.kind === 'none')
    return {
      pipeline: undefined,
      endpointId: undefined,
      endpointName: undefined,
      isPending: false,
      error: undefined,
    };
  if (lookup.kind === 'pipeline') {
    const pipeline = pipelines.data?.find((candidate) => candidate.Id === lookup.id);
    return {
      pipeline,
      endpointId: undefined,
      endpointName: undefined,
      isPending: pipelines.isPending,
      error: pipelines.error ?? undefined,
      ...(pipelines.isSuccess && pipeline === undefined
        ? {
            missing: `No published pipeline has the id '${lookup.id}' in this server's ML workspace.`,
          }
        : {}),
    };
  }
  const pipeline =
    versions.data === undefined ? undefined : pickEndpointVersion(versions.data, lookup.version);
  const error = versions.error ?? (lookup.by === 'name' ? byName.error : undefined) ?? undefined;
  const settled = versions.isSuccess || error !== undefined;
  return {
    pipeline,
    endpointId,
    endpointName: endpointFromList?.Name ?? (lookup.by === 'name' ? lookup.key : byName.data?.Name),
    isPending: !settled && (endpointId !== undefined || byName.isFetching || endpoints.isPending),
    error,
    ...(versions.isSuccess && pipeline === undefined
      ? {
          missing: `The endpoint '${lookup.key}' has no version '${String(lookup.version)}'.`,
        }
      : {}),
  };
}
