/**
 * `GET Experiments` and `GET Experiments/{name}/StepMetrics` over real HTTP on each store, with
 * steps as real processes: run counts and newest runs counted by the database, the most recently
 * used experiment first, a step's metrics across runs, who may read them, and the same answer
 * through `MlWorkspaceClient`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlWorkspaceClient } from '../../src/ml/workspace/ml-workspace-client.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { fixtureBundle, startServer, until, type ServerHarness } from './server-harness.js';

const TERMINAL_CODES = [2, 3, 4];

describe.each(storeAdaptersUnderTest())('experiments on %s', (adapter) => {
  let server: ServerHarness;
  let pipelineId: string;

  beforeAll(async () => {
    server = await startServer(adapter);
    const published = await server.request('POST', 'Pipelines', {
      body: { ...(await fixtureBundle('hello')), Name: 'hello' },
    });
    expect(published.status, published.text).toBe(201);
    pipelineId = published.json.Id;
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Submits, then waits for the run to end; its id. */
  async function runToEnd(experiment: string, rows: number): Promise<string> {
    const submitted = await server.request('POST', `PipelineRuns/PipelineSubmit/${pipelineId}`, {
      body: { ExperimentName: experiment, ParameterAssignments: { rows: String(rows) } },
    });
    expect(submitted.status, submitted.text).toBe(200);
    const id: string = submitted.json.Id;
    await until(
      () => server.request('GET', `PipelineRuns/${id}`),
      (answer) => TERMINAL_CODES.includes(answer.json.Status.StatusCode),
      `run ${id} to end`,
    );
    return id;
  }

  it('lists nothing before the first run', async () => {
    const answer = await server.request('GET', 'Experiments');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toEqual([]);
  });

  it('counts runs and names the newest, most recently used experiment first', async () => {
    await runToEnd('exp-a', 2);
    const newestOfA = await runToEnd('exp-a', 3);
    const onlyOfB = await runToEnd('exp-b', 2);

    let answer = await server.request('GET', 'Experiments');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.map((experiment: { Name: string }) => experiment.Name)).toEqual([
      'exp-b',
      'exp-a',
    ]);
    const [b, a] = answer.json;
    expect(a).toMatchObject({
      Name: 'exp-a',
      RunCount: 2,
      LastRun: {
        Id: newestOfA,
        Status: 'Completed',
        StatusCode: 3,
        PipelineName: 'hello',
      },
    });
    expect(a.LastRun.StartTime).toEqual(expect.any(String));
    expect(Date.parse(a.LastRun.EndTime)).toBeGreaterThanOrEqual(Date.parse(a.LastRun.StartTime));
    expect(Date.parse(a.CreatedDate)).toBeLessThanOrEqual(Date.parse(a.LastRun.CreatedDate));
    expect(b).toMatchObject({ Name: 'exp-b', RunCount: 1, LastRun: { Id: onlyOfB } });

    // A new run moves its experiment to the top.
    const newest = await runToEnd('exp-a', 4);
    answer = await server.request('GET', 'Experiments');
    expect(answer.json.map((experiment: { Name: string }) => experiment.Name)).toEqual([
      'exp-a',
      'exp-b',
    ]);
    expect(answer.json[0]).toMatchObject({ RunCount: 3, LastRun: { Id: newest } });
  });

  it("answers a step's metrics across the experiment's newest runs", async () => {
    const answer = await server.request('GET', 'Experiments/exp-a/StepMetrics', {
      query: { step: 'count' },
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.ExperimentName).toBe('exp-a');
    expect(answer.json.StepName).toBe('count');
    // Newest first: the runs counted 4, 3 and 2 rows.
    expect(
      answer.json.Runs.map(
        (run: { Metrics: { rows: { Value: number }[] } }) => run.Metrics.rows[0]?.Value,
      ),
    ).toEqual([4, 3, 2]);
    expect(answer.json.Runs[0]).toMatchObject({
      PipelineName: 'hello',
      Status: 'Completed',
      StatusCode: 3,
      StepName: 'count',
      Reused: false,
    });

    const limited = await server.request('GET', 'Experiments/exp-a/StepMetrics', {
      query: { step: 'count', limit: '1' },
    });
    expect(limited.json.Runs).toHaveLength(1);
    const otherPipeline = await server.request('GET', 'Experiments/exp-a/StepMetrics', {
      query: { step: 'count', pipelineName: 'not-hello' },
    });
    expect(otherPipeline.json.Runs).toEqual([]);
    const noSuchStep = await server.request('GET', 'Experiments/exp-a/StepMetrics', {
      query: { step: 'no-such-step' },
    });
    expect(noSuchStep.json.Runs).toEqual([]);
    const noStep = await server.request('GET', 'Experiments/exp-a/StepMetrics');
    expect(noStep.status).toBe(400);
    expect(noStep.json.error.code).toBe('ML_INVALID_REQUEST');
  });

  it('orders an experiment without runs by its creation and gives it no newest run', async () => {
    await server.session.store.ensureExperiment('exp-empty', new Date().toISOString());
    const answer = await server.request('GET', 'Experiments');
    expect(answer.json.map((experiment: { Name: string }) => experiment.Name)).toEqual([
      'exp-empty',
      'exp-a',
      'exp-b',
    ]);
    expect(answer.json[0]).toMatchObject({ RunCount: 0, LastRun: null });
  });

  it('needs ml/runs/read: a factory author is refused, an ML pipeline submitter reads', async () => {
    const author = await server.userToken('experiments-author', [['Factory Author', '*']]);
    const refused = await server.request('GET', 'Experiments', { token: author });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('AUTH_FORBIDDEN');

    const submitter = await server.userToken('experiments-submitter', [
      ['ML Pipeline Submitter', 'ml'],
    ]);
    const allowed = await server.request('GET', 'Experiments', { token: submitter });
    expect(allowed.status).toBe(200);
    expect(allowed.json).toHaveLength(3);
  });

  it('answers MlWorkspaceClient what the embedded workspace answers', async () => {
    const client = new MlWorkspaceClient({
      baseUrl: server.origin,
      credentials: { token: server.adminToken },
      subscriptionId: 'sub-1',
      resourceGroup: 'rg-1',
      workspace: 'ws-1',
    });
    const remote = await client.listExperiments();
    expect(remote.map((experiment) => experiment.runCount)).toEqual([0, 3, 1]);
    expect(remote).toEqual(await server.session.workspace.listExperiments());
  });
});
