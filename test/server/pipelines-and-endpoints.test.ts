/**
 * Published pipelines and pipeline endpoints over real HTTP: publish from a bundle, get, list,
 * change status; create endpoints, add versions, set the default, disable, look up by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { fixtureBundle, startServer, type ServerHarness } from './server-harness.js';

describe.each(storeAdaptersUnderTest())('pipelines and endpoints on %s', (adapter) => {
  let server: ServerHarness;

  beforeAll(async () => {
    server = await startServer(adapter);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function publish(extra: Record<string, unknown> = {}) {
    const answer = await server.request('POST', 'Pipelines', {
      body: { ...(await fixtureBundle('hello')), ...extra },
    });
    expect(answer.status, answer.text).toBe(201);
    return answer.json;
  }

  it('publishes a bundle and answers with the Azure ML entity', async () => {
    const entity = await publish({ Name: 'hello-api', Version: '2.0', Description: 'greets' });
    expect(entity).toMatchObject({
      Name: 'hello-api',
      Version: '2.0',
      Description: 'greets',
      EntityStatus: 'Active',
      TotalRunSteps: 2,
      ContinueRunOnStepFailure: false,
      SnapshotExisted: false,
      PipelineEndpoint: null,
      PipelineEndpointVersion: null,
      Url: `${server.base}/PipelineRuns/PipelineSubmit/${entity.Id}`,
    });
    expect(entity.Interface.Parameters).toEqual([
      { Name: 'greeting', Type: 3, TypeName: 'String', DefaultValue: 'hello', IsOptional: true },
      { Name: 'rows', Type: 0, TypeName: 'Int', DefaultValue: '3', IsOptional: true },
    ]);

    const fetched = await server.request('GET', `Pipelines/${entity.Id}`);
    expect(fetched.status).toBe(200);
    const { SnapshotExisted, PipelineEndpoint, PipelineEndpointVersion, Unchanged, ...published } =
      entity;
    expect([SnapshotExisted, PipelineEndpoint, PipelineEndpointVersion, Unchanged]).toEqual([
      false,
      null,
      null,
      false,
    ]);
    expect(fetched.json).toEqual(published);

    const again = await publish();
    expect(again.SnapshotExisted).toBe(true);
    expect(again.Id).not.toBe(entity.Id);
  });

  it('refuses a bundle whose YAML has errors, naming the line', async () => {
    const bundle = await fixtureBundle('hello');
    const answer = await server.request('POST', 'Pipelines', {
      body: { ...bundle, Definition: bundle.Definition.replace('type: command', 'type: cmd') },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('ML_INVALID_PIPELINE');
    expect(answer.json.error.message).toContain('pipeline.yml has');
    expect(answer.json.error.details[0]).toMatchObject({ file: 'pipeline.yml', line: 15 });
  });

  it('refuses file contents that are not base64', async () => {
    const answer = await server.request('POST', 'Pipelines', {
      body: { ...(await fixtureBundle('hello')), Files: { 'src/greet.mjs': '%%%' } },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({
      code: 'ML_INVALID_REQUEST',
      details: [{ name: 'src/greet.mjs', problem: 'not base64' }],
    });
  });

  it('changes status with a JSON string or an object, and lists active ones by default', async () => {
    const entity = await publish({ Name: 'status-changes' });
    const disabled = await server.request('PUT', `Pipelines/${entity.Id}/Status`, {
      body: 'Disabled',
    });
    expect(disabled.status).toBe(200);
    expect(disabled.json.EntityStatus).toBe('Disabled');

    const active = (await server.request('GET', 'Pipelines')).json.map((p: { Id: string }) => p.Id);
    expect(active).not.toContain(entity.Id);
    const all = await server.request('GET', 'Pipelines', { query: { activeOnly: 'false' } });
    expect(all.json.map((p: { Id: string }) => p.Id)).toContain(entity.Id);

    const deprecated = await server.request('PUT', `Pipelines/${entity.Id}/Status`, {
      body: { status: 'Deprecated' },
    });
    expect(deprecated.json.EntityStatus).toBe('Deprecated');
    const bad = await server.request('PUT', `Pipelines/${entity.Id}/Status`, {
      body: { Status: 'Paused' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('ML_INVALID_REQUEST');
  });

  it('answers 404 with ADF code 4124 for an unknown pipeline', async () => {
    const answer = await server.request('GET', 'Pipelines/00000000-0000-0000-0000-000000000000');
    expect(answer.status).toBe(404);
    expect(answer.json.error).toMatchObject({ code: 'ML_PIPELINE_NOT_FOUND', adfCode: '4124' });
  });

  it('creates an endpoint, adds versions, sets the default and disables it', async () => {
    const first = await publish({ Name: 'ep-v0' });
    const second = await publish({ Name: 'ep-v1' });
    const created = await server.request('POST', 'PipelineEndpoints', {
      body: { name: 'scoring-endpoint', description: 'scores', pipelineId: first.Id },
    });
    expect(created.status).toBe(201);
    const endpoint = created.json;
    expect(endpoint).toMatchObject({
      Name: 'scoring-endpoint',
      Description: 'scores',
      EntityStatus: 'Active',
      DefaultVersion: '0',
      Url: `${server.base}/PipelineRuns/PipelineEndpointSubmit/Id/${endpoint.Id}`,
      SwaggerUrl: `${server.origin}/openapi.json`,
    });
    expect(endpoint.PipelineVersionList).toMatchObject([{ PipelineId: first.Id, Version: '0' }]);

    const conflict = await server.request('POST', 'PipelineEndpoints', {
      body: { Name: 'Scoring-Endpoint', PipelineId: first.Id },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.json.error.code).toBe('ML_NAME_CONFLICT');

    const added = await server.request('PATCH', `PipelineEndpoints/${endpoint.Id}`, {
      body: { AddPipelineId: second.Id },
    });
    expect(added.json.PipelineVersionList).toMatchObject([
      { PipelineId: first.Id, Version: '0' },
      { PipelineId: second.Id, Version: '1' },
    ]);
    expect(added.json.DefaultVersion).toBe('0');

    const defaulted = await server.request('PATCH', `PipelineEndpoints/${endpoint.Id}`, {
      body: { defaultVersion: '1' },
    });
    expect(defaulted.json.DefaultVersion).toBe('1');
    const missingVersion = await server.request('PATCH', `PipelineEndpoints/${endpoint.Id}`, {
      body: { DefaultVersion: '7' },
    });
    expect(missingVersion.status).toBe(404);
    expect(missingVersion.json.error.code).toBe('ML_ENDPOINT_NOT_FOUND');
    const nothing = await server.request('PATCH', `PipelineEndpoints/${endpoint.Id}`, {
      body: { Color: 'blue' },
    });
    expect(nothing.status).toBe(400);

    const versions = await server.request('GET', `PipelineEndpoints/${endpoint.Id}/Pipelines`);
    expect(
      versions.json.map((v: Record<string, unknown>) => [
        v['PipelineEndpointVersion'],
        v['Id'],
        v['IsDefaultVersion'],
      ]),
    ).toEqual([
      ['0', first.Id, false],
      ['1', second.Id, true],
    ]);

    const byName = await server.request('GET', 'PipelineEndpoints/Name', {
      query: { name: 'SCORING-ENDPOINT' },
    });
    expect(byName.json.Id).toBe(endpoint.Id);
    const byNamePath = await server.request('GET', 'PipelineEndpoints/Name/scoring-endpoint');
    expect(byNamePath.json.Id).toBe(endpoint.Id);
    const unknownName = await server.request('GET', 'PipelineEndpoints/Name', {
      query: { name: 'nope' },
    });
    expect(unknownName.status).toBe(404);
    expect(unknownName.json.error).toMatchObject({
      code: 'ML_ENDPOINT_NOT_FOUND',
      adfCode: '4124',
    });

    const disabled = await server.request('PATCH', `PipelineEndpoints/${endpoint.Id}`, {
      body: { Status: 'Disabled' },
    });
    expect(disabled.json.EntityStatus).toBe('Disabled');
    const active = await server.request('GET', 'PipelineEndpoints');
    expect(active.json.map((e: { Id: string }) => e.Id)).not.toContain(endpoint.Id);
    const all = await server.request('GET', 'PipelineEndpoints', {
      query: { activeOnly: 'false' },
    });
    expect(all.json.map((e: { Id: string }) => e.Id)).toContain(endpoint.Id);
  });

  it('publishes straight into an endpoint', async () => {
    const v0 = await publish({ EndpointName: 'publish-into', MakeDefault: true });
    expect(v0.PipelineEndpointVersion).toBe('0');
    expect(v0.PipelineEndpoint).toMatchObject({ Name: 'publish-into', DefaultVersion: '0' });
    const v1 = await publish({ EndpointName: 'publish-into', MakeDefault: false });
    expect(v1.PipelineEndpointVersion).toBe('1');
    expect(v1.PipelineEndpoint.DefaultVersion).toBe('0');
    expect(v1.PipelineEndpoint.PipelineVersionList).toHaveLength(2);
  });
});
