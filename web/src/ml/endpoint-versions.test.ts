import { describe, expect, it } from 'vitest';
import { endpointVersionsByPipeline } from './endpoint-versions.js';
import type { PipelineEndpoint } from './ml-workspace-api.js';

function endpoint(name: string, defaultVersion: string, pipelines: string[]): PipelineEndpoint {
  return {
    Id: `${name}-id`,
    Name: name,
    Description: '',
    EntityStatus: 'Active',
    DefaultVersion: defaultVersion,
    Url: '',
    PipelineVersionList: pipelines.map((pipelineId, index) => ({
      PipelineId: pipelineId,
      Version: String(index),
      AddedDate: '2026-01-01T00:00:00.000Z',
    })),
    CreatedDate: '2026-01-01T00:00:00.000Z',
    LastModifiedDate: '2026-01-01T00:00:00.000Z',
  };
}

describe('endpointVersionsByPipeline', () => {
  it('finds every endpoint version of a pipeline and marks the defaults', () => {
    const byPipeline = endpointVersionsByPipeline([
      endpoint('scoring', '1', ['p-1', 'p-2']),
      endpoint('scoring-canary', '0', ['p-2']),
    ]);
    expect(
      byPipeline.get('p-2')?.map((entry) => [entry.endpoint.Name, entry.version, entry.isDefault]),
    ).toEqual([
      ['scoring', '1', true],
      ['scoring-canary', '0', true],
    ]);
    expect(byPipeline.get('p-1')?.map((entry) => entry.isDefault)).toEqual([false]);
    expect(byPipeline.get('p-3')).toBeUndefined();
  });
});
