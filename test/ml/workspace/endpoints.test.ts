/** Pipeline endpoints: names, versions "0", "1", …, the default version, status, lookups. */
import { describe, expect, it } from 'vitest';
import { storeAdaptersUnderTest } from '../../support/store-adapters.js';
import { expectWorkspaceError, PARAMS_YAML, useWorkspace } from './workspace-harness.js';

describe.each(storeAdaptersUnderTest())('pipeline endpoints on %s', (adapter) => {
  const workspace = useWorkspace(adapter);

  async function publishParams(version = '1') {
    const { pipeline } = await workspace().service.publish(
      { kind: 'bundle', fileName: 'params.yml', yaml: PARAMS_YAML, files: {} },
      { version },
    );
    return pipeline;
  }

  it('creates an endpoint with version "0" as its default and finds it by id and by name', async () => {
    const { service } = workspace();
    const pipeline = await publishParams();
    const name = workspace().uniqueName('Scoring');
    const endpoint = await service.createEndpoint({
      name,
      description: 'nightly scoring',
      pipelineId: pipeline.id,
    });
    expect(endpoint).toMatchObject({
      name,
      description: 'nightly scoring',
      status: 'Active',
      defaultVersion: '0',
      versions: [{ version: '0', pipelineId: pipeline.id }],
    });
    expect(await service.getEndpoint(endpoint.id)).toEqual(endpoint);
    expect(await service.getEndpointByName(name)).toEqual(endpoint);
    expect(await service.getEndpointByName(name.toUpperCase())).toEqual(endpoint);
    const listed = await service.listEndpoints({ activeOnly: true });
    expect(listed.some((candidate) => candidate.id === endpoint.id)).toBe(true);
  });

  it('adds versions in order, and makes one the default only when asked', async () => {
    const { service } = workspace();
    const [v0, v1, v2] = [
      await publishParams('a'),
      await publishParams('b'),
      await publishParams('c'),
    ];
    const endpoint = await service.createEndpoint({
      name: workspace().uniqueName('versions'),
      pipelineId: v0.id,
    });
    const withOne = await service.addEndpointVersion(endpoint.id, v1.id, { makeDefault: false });
    expect(withOne.defaultVersion).toBe('0');
    const withTwo = await service.addEndpointVersion(endpoint.id, v2.id, { makeDefault: true });
    expect(withTwo.defaultVersion).toBe('2');
    expect(withTwo.versions.map(({ version, pipelineId }) => ({ version, pipelineId }))).toEqual([
      { version: '0', pipelineId: v0.id },
      { version: '1', pipelineId: v1.id },
      { version: '2', pipelineId: v2.id },
    ]);

    const back = await service.setEndpointDefaultVersion(endpoint.id, '1');
    expect(back.defaultVersion).toBe('1');
    const error = await expectWorkspaceError(
      service.setEndpointDefaultVersion(endpoint.id, '7'),
      'ML_ENDPOINT_NOT_FOUND',
    );
    expect(error.message).toContain('"0", "1", "2"');
    expect((await service.getEndpoint(endpoint.id)).defaultVersion).toBe('1');
  });

  it('refuses unknown pipelines and endpoints', async () => {
    const { service } = workspace();
    const pipeline = await publishParams();
    await expectWorkspaceError(
      service.createEndpoint({ name: workspace().uniqueName('orphan'), pipelineId: 'nope' }),
      'ML_PIPELINE_NOT_FOUND',
    );
    const endpoint = await service.createEndpoint({
      name: workspace().uniqueName('known'),
      pipelineId: pipeline.id,
    });
    await expectWorkspaceError(
      service.addEndpointVersion(endpoint.id, 'nope', { makeDefault: false }),
      'ML_PIPELINE_NOT_FOUND',
    );
    await expectWorkspaceError(
      service.addEndpointVersion('nope', pipeline.id, { makeDefault: false }),
      'ML_ENDPOINT_NOT_FOUND',
    );
    await expectWorkspaceError(service.getEndpoint('nope'), 'ML_ENDPOINT_NOT_FOUND');
    await expectWorkspaceError(service.getEndpointByName('nope'), 'ML_ENDPOINT_NOT_FOUND');
    await expectWorkspaceError(
      service.setEndpointStatus('nope', 'Disabled'),
      'ML_ENDPOINT_NOT_FOUND',
    );
    await expectWorkspaceError(
      service.setEndpointDefaultVersion('nope', '0'),
      'ML_ENDPOINT_NOT_FOUND',
    );
  });

  it('refuses a name that is taken, ignoring case', async () => {
    const { service } = workspace();
    const pipeline = await publishParams();
    const name = workspace().uniqueName('Taken');
    await service.createEndpoint({ name, pipelineId: pipeline.id });
    const error = await expectWorkspaceError(
      service.createEndpoint({ name: name.toLowerCase(), pipelineId: pipeline.id }),
      'ML_NAME_CONFLICT',
    );
    expect(error.httpStatus).toBe(409);
  });

  it.each(['', '1abc', '-abc', 'has space', 'dot.ted', 'a'.repeat(256)])(
    'refuses the endpoint name %j',
    async (name) => {
      const { service } = workspace();
      const pipeline = await publishParams();
      await expectWorkspaceError(
        service.createEndpoint({ name, pipelineId: pipeline.id }),
        'ML_INVALID_REQUEST',
      );
    },
  );

  it('accepts names of letters, digits, "-" and "_" up to 255 characters', async () => {
    const { service } = workspace();
    const pipeline = await publishParams();
    const long = `L${'x'.repeat(254)}`;
    expect((await service.createEndpoint({ name: long, pipelineId: pipeline.id })).name).toBe(long);
    const mixed = workspace().uniqueName('a_B-9');
    expect((await service.createEndpoint({ name: mixed, pipelineId: pipeline.id })).name).toBe(
      mixed,
    );
  });

  it('disables and enables an endpoint; activeOnly lists leave disabled ones out', async () => {
    const { service } = workspace();
    const pipeline = await publishParams();
    const endpoint = await service.createEndpoint({
      name: workspace().uniqueName('toggle'),
      pipelineId: pipeline.id,
    });
    const disabled = await service.setEndpointStatus(endpoint.id, 'Disabled');
    expect(disabled.status).toBe('Disabled');
    const active = await service.listEndpoints({ activeOnly: true });
    expect(active.some((candidate) => candidate.id === endpoint.id)).toBe(false);
    const all = await service.listEndpoints({ activeOnly: false });
    expect(all.some((candidate) => candidate.id === endpoint.id)).toBe(true);
    expect((await service.setEndpointStatus(endpoint.id, 'Active')).status).toBe('Active');
    await expectWorkspaceError(
      service.setEndpointStatus(endpoint.id, 'Deprecated' as 'Active'),
      'ML_INVALID_REQUEST',
    );
  });

  it('publishes into an endpoint: creates it, then adds versions', async () => {
    const { service } = workspace();
    const name = workspace().uniqueName('published');
    const source = {
      kind: 'bundle',
      fileName: 'params.yml',
      yaml: PARAMS_YAML,
      files: {},
    } as const;
    const first = await service.publish(source, { endpoint: { name, makeDefault: false } });
    expect(first.endpointVersion).toBe('0');
    expect(first.endpoint).toMatchObject({ name, defaultVersion: '0' });
    const second = await service.publish(source, { endpoint: { name, makeDefault: false } });
    expect(second.endpointVersion).toBe('1');
    expect(second.endpoint?.defaultVersion).toBe('0');
    const third = await service.publish(source, { endpoint: { name, makeDefault: true } });
    expect(third.endpointVersion).toBe('2');
    expect(third.endpoint?.defaultVersion).toBe('2');
    expect(third.endpoint?.versions.map((version) => version.pipelineId)).toEqual([
      first.pipeline.id,
      second.pipeline.id,
      third.pipeline.id,
    ]);
    const before = (await service.listPipelines({ activeOnly: false })).length;
    await expectWorkspaceError(
      service.publish(source, { endpoint: { name: 'bad name', makeDefault: true } }),
      'ML_INVALID_REQUEST',
    );
    // The endpoint name is checked before anything is stored.
    expect((await service.listPipelines({ activeOnly: false })).length).toBe(before);
  });
});
