/**
 * Submitting and following runs over real HTTP, with steps as real processes: every submit path,
 * Azure's string parameters and any-case keys, the coded 400/404 answers, polling to the end,
 * logs, metrics, run lists, reuse, and a cancel that stops a sleeping step's process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import {
  fixtureBundle,
  processRunning,
  startServer,
  until,
  type HttpAnswer,
  type ServerHarness,
} from './server-harness.js';

const TERMINAL_CODES = [2, 3, 4];

describe.each(storeAdaptersUnderTest())('runs on %s', (adapter) => {
  let server: ServerHarness;
  let hello: { Id: string };
  let hello2: { Id: string };
  let endpoint: { Id: string; Name: string };

  beforeAll(async () => {
    server = await startServer(adapter);
    const publish = async (name: string, fixture = 'hello') => {
      const answer = await server.request('POST', 'Pipelines', {
        body: { ...(await fixtureBundle(fixture)), Name: name },
      });
      expect(answer.status, answer.text).toBe(201);
      return answer.json;
    };
    hello = await publish('hello');
    hello2 = await publish('hello-2');
    endpoint = (
      await server.request('POST', 'PipelineEndpoints', {
        body: { Name: 'hello-endpoint', PipelineId: hello.Id },
      })
    ).json;
    await server.request('PATCH', `PipelineEndpoints/${endpoint.Id}`, {
      body: { AddPipelineId: hello2.Id },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  function finished(runId: string): Promise<HttpAnswer> {
    return until(
      () => server.request('GET', `PipelineRuns/${runId}`),
      (answer) => TERMINAL_CODES.includes(answer.json.Status.StatusCode),
      `run ${runId} to end`,
    );
  }

  it('submits by pipeline id with string parameters and lower-case keys, then finishes', async () => {
    const submitted = await server.request('POST', `PipelineRuns/PipelineSubmit/${hello.Id}`, {
      body: {
        experimentname: 'api-tests',
        parameterassignments: { rows: '4', greeting: 'hi' },
        description: 'four rows',
        tags: { team: 'ml' },
        steptags: { ignored: 'yes' },
        somethingElse: 'ignored',
      },
    });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.json).toMatchObject({
      Description: 'four rows',
      RunHistoryExperimentName: 'api-tests',
      PipelineId: hello.Id,
      PipelineEndpointId: null,
      RunSource: 'API',
      TotalRunSteps: 2,
      ParameterAssignments: { rows: '4', greeting: 'hi' },
      ParameterValues: { rows: 4, greeting: 'hi' },
      Tags: { team: 'ml' },
      StepTags: {},
      Status: { StatusCode: 1, Status: 'Queued' },
      RunUrl: `${server.base}/PipelineRuns/${submitted.json.Id}`,
    });

    const done = (await finished(submitted.json.Id)).json;
    expect(done.Status).toMatchObject({ StatusCode: 3, Status: 'Completed', StatusDetail: null });
    expect(done.HasErrors).toBe(false);
    expect(done.StepRuns.map((step: Record<string, unknown>) => step['Name'])).toEqual([
      'greet',
      'count',
    ]);
    for (const step of done.StepRuns) {
      expect(step).toMatchObject({
        Status: 'Completed',
        StatusCode: 4,
        Reused: false,
        ExitCode: 0,
      });
      expect(step.Metrics.rows.map((metric: { Value: number }) => metric.Value)).toEqual([4]);
    }
    expect(done.StepRuns[1].Outputs.summary.DataStoreName).toBe('workspaceblobstore');
    const summary = await server.session.datastores
      .get('workspaceblobstore')
      .readFile(`${done.StepRuns[1].Outputs.summary.RelativePath}/count.txt`);
    expect(summary.toString('utf8')).toBe('4\n');

    const stdout = await server.request(
      'GET',
      `PipelineRuns/${done.Id}/StepRuns/greet/Logs/stdout`,
    );
    expect(stdout.status).toBe(200);
    expect(stdout.contentType).toContain('text/plain');
    expect(stdout.text).toContain('greet wrote 4 lines');
    const stderr = await server.request(
      'GET',
      `PipelineRuns/${done.Id}/StepRuns/${done.StepRuns[0].Id}/Logs/stderr`,
    );
    expect(stderr.text).toContain('greet: nothing went wrong');

    const metrics = await server.request('GET', `PipelineRuns/${done.Id}/StepRuns/count/Metrics`);
    expect(metrics.json).toMatchObject({
      StepName: 'count',
      StepRunId: done.StepRuns[1].Id,
      Metrics: { rows: [{ Value: 4 }] },
    });
    const noStep = await server.request('GET', `PipelineRuns/${done.Id}/StepRuns/nope/Metrics`);
    expect(noStep.status).toBe(404);
    expect(noStep.json.error.code).toBe('ML_RUN_NOT_FOUND');

    const steps = await server.request('GET', `PipelineRuns/${done.Id}/StepRuns`);
    expect(steps.json).toEqual(done.StepRuns);

    // The same submission again: both steps are reused, Finished (4) with Reused true.
    const again = await server.request('POST', `PipelineRuns/PipelineSubmit/${hello.Id}`, {
      body: { ExperimentName: 'api-tests', ParameterAssignments: { rows: 4, greeting: 'hi' } },
    });
    const reused = (await finished(again.json.Id)).json;
    expect(reused.Status.StatusCode).toBe(3);
    for (const step of reused.StepRuns) {
      expect(step).toMatchObject({ StatusCode: 4, Reused: true, ReusedFromRunId: done.Id });
    }
  });

  it('submits to an endpoint by id, by id and version, and by name', async () => {
    const byId = await server.request(
      'POST',
      `PipelineRuns/PipelineEndpointSubmit/Id/${endpoint.Id}`,
      { body: { ExperimentName: 'endpoint-tests' } },
    );
    expect(byId.status, byId.text).toBe(200);
    expect(byId.json).toMatchObject({
      PipelineId: hello.Id,
      PipelineEndpointId: endpoint.Id,
      PipelineEndpointVersion: '0',
    });

    const byVersion = await server.request(
      'POST',
      `PipelineRuns/PipelineEndpointSubmit/Id/${endpoint.Id}/1`,
      { body: { ExperimentName: 'endpoint-tests', ParameterAssignments: { rows: '2' } } },
    );
    expect(byVersion.json).toMatchObject({ PipelineId: hello2.Id, PipelineEndpointVersion: '1' });

    const byQueryVersion = await server.request(
      'POST',
      `PipelineRuns/PipelineEndpointSubmit/Id/${endpoint.Id}`,
      { body: { ExperimentName: 'endpoint-tests' }, query: { pipelineVersion: '1' } },
    );
    expect(byQueryVersion.json.PipelineEndpointVersion).toBe('1');

    const byName = await server.request('POST', 'PipelineRuns/PipelineEndpointSubmit/Name', {
      body: { ExperimentName: 'endpoint-tests' },
      query: { name: 'Hello-Endpoint', parentRunId: byId.json.Id },
    });
    expect(byName.status, byName.text).toBe(200);
    expect(byName.json).toMatchObject({
      PipelineEndpointId: endpoint.Id,
      PipelineEndpointVersion: '0',
      ParentRunId: byId.json.Id,
    });

    const noVersion = await server.request(
      'POST',
      `PipelineRuns/PipelineEndpointSubmit/Id/${endpoint.Id}/9`,
      { body: { ExperimentName: 'endpoint-tests' } },
    );
    expect(noVersion.status).toBe(404);
    expect(noVersion.json.error).toMatchObject({ code: 'ML_ENDPOINT_NOT_FOUND', adfCode: '4124' });

    for (const run of [byId, byVersion, byQueryVersion, byName]) {
      expect((await finished(run.json.Id)).json.Status.StatusCode).toBe(3);
    }
  });

  it('answers with coded errors for bad submissions', async () => {
    const unknownParameter = await server.request(
      'POST',
      `PipelineRuns/PipelineSubmit/${hello.Id}`,
      { body: { ExperimentName: 'bad', ParameterAssignments: { colour: 'red', rows: 'many' } } },
    );
    expect(unknownParameter.status).toBe(400);
    expect(unknownParameter.json.error).toMatchObject({
      code: 'ML_INVALID_PARAMETERS',
      adfCode: '4123',
    });
    expect(unknownParameter.json.error.details).toEqual([
      expect.objectContaining({ name: 'colour' }),
      expect.objectContaining({ name: 'rows' }),
    ]);

    const unknownPipeline = await server.request(
      'POST',
      'PipelineRuns/PipelineSubmit/00000000-0000-0000-0000-000000000000',
      { body: { ExperimentName: 'bad' } },
    );
    expect(unknownPipeline.status).toBe(404);
    expect(unknownPipeline.json.error).toMatchObject({
      code: 'ML_PIPELINE_NOT_FOUND',
      adfCode: '4124',
    });

    const datasets = await server.request('POST', `PipelineRuns/PipelineSubmit/${hello.Id}`, {
      body: {
        ExperimentName: 'bad',
        DataSetDefinitionValueAssignments: { ds: { SavedDataSetReference: { Id: 'x' } } },
      },
    });
    expect(datasets.status).toBe(400);
    expect(datasets.json.error.code).toBe('ML_INVALID_REQUEST');
    expect(datasets.json.error.message).toContain(
      'dataset assignments are not supported; use DataPathAssignments',
    );

    const noExperiment = await server.request('POST', `PipelineRuns/PipelineSubmit/${hello.Id}`, {
      body: { ParameterAssignments: {} },
    });
    expect(noExperiment.status).toBe(400);
    expect(noExperiment.json.error.message).toContain('body.ExperimentName is required');

    const twice = await server.request('POST', `PipelineRuns/PipelineSubmit/${hello.Id}`, {
      body: { ExperimentName: 'a', experimentName: 'b' },
    });
    expect(twice.status).toBe(400);
    expect(twice.json.error.message).toContain('given twice');

    const disabled = (
      await server.request('POST', 'PipelineEndpoints', {
        body: { Name: 'disabled-endpoint', PipelineId: hello.Id },
      })
    ).json;
    await server.request('PATCH', `PipelineEndpoints/${disabled.Id}`, {
      body: { Status: 'Disabled' },
    });
    const toDisabled = await server.request(
      'POST',
      `PipelineRuns/PipelineEndpointSubmit/Id/${disabled.Id}`,
      { body: { ExperimentName: 'bad' } },
    );
    expect(toDisabled.status).toBe(400);
    expect(toDisabled.json.error.code).toBe('ML_PIPELINE_DISABLED');

    const unknownRun = await server.request('GET', 'PipelineRuns/no-such-run');
    expect(unknownRun.status).toBe(404);
    expect(unknownRun.json.error.code).toBe('ML_RUN_NOT_FOUND');
  });

  it('lists runs by experiment a page at a time, and the runs of a pipeline', async () => {
    const ids: string[] = [];
    for (const rows of ['1', '2']) {
      const run = await server.request('POST', `PipelineRuns/PipelineSubmit/${hello2.Id}`, {
        body: { ExperimentName: 'listing', ParameterAssignments: { rows } },
      });
      ids.push(run.json.Id);
      await finished(run.json.Id);
    }
    const first = await server.request('GET', 'PipelineRuns', {
      query: { experimentName: 'listing', limit: '1' },
    });
    expect(first.json.Value.map((run: { Id: string }) => run.Id)).toEqual([ids[1]]);
    expect(first.json.Value[0].StepRuns).toBeUndefined();
    expect(typeof first.json.ContinuationToken).toBe('string');
    const second = await server.request('GET', 'PipelineRuns', {
      query: {
        experimentName: 'listing',
        limit: '1',
        continuationToken: first.json.ContinuationToken,
      },
    });
    expect(second.json.Value.map((run: { Id: string }) => run.Id)).toEqual([ids[0]]);

    const completed = await server.request('GET', 'PipelineRuns', {
      query: { experimentName: 'listing', status: 'Completed,Failed' },
    });
    expect(completed.json.Value).toHaveLength(2);
    const badStatus = await server.request('GET', 'PipelineRuns', { query: { status: 'Done' } });
    expect(badStatus.status).toBe(400);

    const ofPipeline = await server.request('GET', `PipelineRuns/Pipeline/${hello2.Id}`);
    const listed = ofPipeline.json.map((run: { Id: string }) => run.Id);
    expect(listed).toEqual(expect.arrayContaining(ids));
    expect(
      ofPipeline.json.every((run: { PipelineId: string }) => run.PipelineId === hello2.Id),
    ).toBe(true);
    const unknown = await server.request('GET', 'PipelineRuns/Pipeline/no-such-pipeline');
    expect(unknown.status).toBe(404);
  });

  it('cancels a run whose step sleeps, and its process is gone', async () => {
    const sleepy = await server.request('POST', 'Pipelines', {
      body: await fixtureBundle('sleepy'),
    });
    for (const [method, path] of [
      ['POST', (id: string) => `PipelineRuns/${id}/Cancel`],
      ['DELETE', (id: string) => `PipelineRuns/${id}/Execution`],
    ] as const) {
      const run = await server.request('POST', `PipelineRuns/PipelineSubmit/${sleepy.json.Id}`, {
        body: { ExperimentName: 'cancel-tests', RegenerateOutputs: true },
      });
      const log = await until(
        () => server.request('GET', `PipelineRuns/${run.json.Id}/StepRuns/nap/Logs/stdout`),
        (answer) => /pid \d+/.test(answer.text),
        'the step to print its pid',
      );
      const pid = Number(/pid (\d+)/.exec(log.text)?.[1]);
      expect(await processRunning(pid)).toBe(true);

      const canceling = await server.request(method, path(run.json.Id));
      expect(canceling.status, canceling.text).toBe(200);
      expect(canceling.json.CancelRequested).toBe(true);
      expect(['CancelRequested', 'Canceled']).toContain(canceling.json.Status.Status);

      const done = (await finished(run.json.Id)).json;
      expect(done.Status).toMatchObject({ StatusCode: 4, Status: 'Canceled' });
      expect(done.StepRuns[0]).toMatchObject({ Status: 'Canceled', StatusCode: 5 });
      await until(
        async () => processRunning(pid),
        (running) => !running,
        `process ${pid} to end`,
      );

      const again = await server.request('POST', `PipelineRuns/${run.json.Id}/Cancel`);
      expect(again.status).toBe(409);
      expect(again.json.error.code).toBe('ML_RUN_FINISHED');
    }
  });

  it('answers a long poll (waitWhileStatus) as soon as the run moves on', async () => {
    const sleepy = await server.request('POST', 'Pipelines', {
      body: await fixtureBundle('sleepy'),
    });
    const run = await server.request('POST', `PipelineRuns/PipelineSubmit/${sleepy.json.Id}`, {
      body: { ExperimentName: 'long-poll-tests', RegenerateOutputs: true },
    });
    const runId: string = run.json.Id;
    await until(
      () => server.request('GET', `PipelineRuns/${runId}`),
      (answer) => answer.json.Status.Status === 'Running',
      'the run to start',
    );
    // The step sleeps far longer than this test runs: only the cancel can end the wait.
    const waiting = server.request(
      'GET',
      `PipelineRuns/${runId}?waitWhileStatus=Running&waitSeconds=60`,
    );
    await server.request('POST', `PipelineRuns/${runId}/Cancel`);
    const answered = await waiting;
    expect(answered.status, answered.text).toBe(200);
    expect(['CancelRequested', 'Canceled']).toContain(answered.json.Status.Status);

    const done = await finished(runId);
    const immediate = await server.request(
      'GET',
      `PipelineRuns/${runId}?waitWhileStatus=Running&waitSeconds=60`,
    );
    expect(immediate.json.Status).toEqual(done.json.Status);
    const invalid = await server.request('GET', `PipelineRuns/${runId}?waitWhileStatus=Sleeping`);
    expect(invalid.status).toBe(400);
  });
});
