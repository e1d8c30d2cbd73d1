/** Submitting runs: targets, parameter checks, parent runs, records, cancel and step logs. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MlSubmitRequest } from '../../../src/ml/workspace/ml-workspace.js';
import type { MlPublishedPipelineRecord } from '../../../src/store/ml-store.js';
import { storeAdaptersUnderTest } from '../../support/store-adapters.js';
import {
  expectWorkspaceError,
  PARAMS_YAML,
  SCORING_FIXTURE,
  useWorkspace,
} from './workspace-harness.js';

const SOURCE = { kind: 'bundle', fileName: 'params.yml', yaml: PARAMS_YAML, files: {} } as const;
const SOURCE_PATH = { datastore: 'workspaceblobstore', path: 'in/2030' };

describe.each(storeAdaptersUnderTest())('submitting on %s', (adapter) => {
  const workspace = useWorkspace(adapter);

  async function publishParams(): Promise<MlPublishedPipelineRecord> {
    return (await workspace().service.publish(SOURCE, {})).pipeline;
  }

  function request(overrides: Partial<MlSubmitRequest> = {}): MlSubmitRequest {
    return {
      experimentName: 'exp-1',
      parameterAssignments: { count: '3' },
      dataPathAssignments: { source: SOURCE_PATH },
      ...overrides,
    };
  }

  /** Expects the submission to fail with `code` and to record and launch nothing. */
  async function expectRefused(
    submit: () => Promise<unknown>,
    code: Parameters<typeof expectWorkspaceError>[1],
  ) {
    const { store, launcher } = workspace();
    const launched = launcher.launched.length;
    const runs = (await store.queryMlRuns({ limit: 1000 })).value.length;
    const error = await expectWorkspaceError(submit(), code);
    expect(launcher.launched.length).toBe(launched);
    expect((await store.queryMlRuns({ limit: 1000 })).value.length).toBe(runs);
    return error;
  }

  it('records the run (Queued) and its step runs (NotStarted) in step order, then launches it', async () => {
    const { service, store, launcher } = workspace();
    const pipeline = await publishParams();
    const run = await service.submit(
      { kind: 'pipeline', pipelineId: pipeline.id },
      request({ description: 'first try', tags: { team: 'ml' }, createdBy: 'ana' }),
    );
    expect(run).toMatchObject({
      experimentName: 'exp-1',
      pipelineId: pipeline.id,
      pipelineName: 'params_demo',
      pipelineEndpointId: null,
      endpointVersion: null,
      description: 'first try',
      runSource: 'API',
      status: 'Queued',
      parameters: { count: 3, ratio: 0.5, flag: true, label: 'hello' },
      dataPaths: { source: SOURCE_PATH },
      continueOnStepFailure: false,
      regenerateOutputs: false,
      parentRunId: null,
      tags: { team: 'ml' },
      createdBy: 'ana',
      startTime: null,
      endTime: null,
      error: null,
      cancelRequested: false,
    });
    expect(launcher.launched.at(-1)).toBe(run.id);
    const details = await service.getRun(run.id);
    expect(details.run).toEqual(run);
    expect(details.steps).toEqual([
      expect.objectContaining({ stepName: 'first', stepType: 'command' }),
      expect.objectContaining({ stepName: 'second', stepType: 'command' }),
    ]);
    for (const step of details.steps) {
      expect(step).toMatchObject({
        runId: run.id,
        status: 'NotStarted',
        attempt: 0,
        attempts: [],
        reused: false,
        reusedFromRunId: null,
        reuseKey: null,
        reuseComponents: {},
        outputs: {},
        logs: {},
        metrics: {},
        progress: null,
        error: null,
      });
    }
    expect((await store.listExperiments()).map((experiment) => experiment.name)).toContain('exp-1');
  });

  it('orders the step runs by dependencies and takes the step types and settings of the pipeline', async () => {
    const { service } = workspace();
    const { pipeline } = await service.publish(
      { kind: 'file', file: join(SCORING_FIXTURE, 'pipeline.yml') },
      {},
    );
    const run = await service.submit(
      { kind: 'pipeline', pipelineId: pipeline.id },
      { experimentName: 'scoring', runSource: 'DataFactory', regenerateOutputs: true },
    );
    expect(run).toMatchObject({
      continueOnStepFailure: true,
      regenerateOutputs: true,
      runSource: 'DataFactory',
      parameters: { learning_rate: 0.01, epochs: 5 },
      dataPaths: {
        raw_data: { datastore: 'workspaceblobstore', path: 'raw/churn' },
        customers: { datastore: 'scoring', path: 'customers/latest' },
      },
    });
    const { steps } = await service.getRun(run.id);
    expect(steps.map((step) => [step.stepName, step.stepType])).toEqual([
      ['prep', 'command'],
      ['train', 'command'],
      ['score', 'parallel'],
      ['notify', 'command'],
    ]);
    const overridden = await service.submit(
      { kind: 'pipeline', pipelineId: pipeline.id },
      { experimentName: 'scoring', continueRunOnStepFailure: false },
    );
    expect(overridden.continueOnStepFailure).toBe(false);
  });

  it('converts values of every type, as strings or JSON scalars', async () => {
    const { service } = workspace();
    const pipeline = await publishParams();
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [
        { count: '20', ratio: '1.5', flag: 'False', label: 'x', note: 'n' },
        { count: 20, ratio: 1.5, flag: false, label: 'x', note: 'n' },
      ],
      [
        { count: 20, ratio: 2, flag: true, label: 5 },
        { count: 20, ratio: 2, flag: true, label: '5' },
      ],
      [
        { count: '-1', ratio: '1e3', flag: 'true', label: false },
        { count: -1, ratio: 1000, flag: true, label: 'false' },
      ],
    ];
    for (const [assigned, expected] of cases) {
      const run = await service.submit(
        { kind: 'pipeline', pipelineId: pipeline.id },
        request({ parameterAssignments: assigned }),
      );
      expect(run.parameters).toEqual(expected);
      expect((await service.getRun(run.id)).run.parameters).toEqual(expected);
    }
  });

  it('reports every parameter problem at once and records nothing', async () => {
    const { service } = workspace();
    const pipeline = await publishParams();
    const error = await expectRefused(
      () =>
        service.submit(
          { kind: 'pipeline', pipelineId: pipeline.id },
          request({
            parameterAssignments: { ratio: 'abc', flag: 'yes', label: { a: 1 }, extra: '1' },
            dataPathAssignments: {
              source: { datastore: 'nowhere', path: 'x' },
              other: SOURCE_PATH,
            },
          }),
        ),
      'ML_INVALID_PARAMETERS',
    );
    expect(error.httpStatus).toBe(400);
    expect(error.details).toEqual([
      { name: 'extra', problem: expect.stringContaining('unknown parameter') },
      { name: 'count', problem: expect.stringContaining('required parameter (Int) is missing') },
      { name: 'ratio', problem: expect.stringContaining('"abc" is not Double') },
      { name: 'flag', problem: expect.stringContaining('"yes" is not Bool') },
      { name: 'label', problem: expect.stringContaining('{"a":1} is not String') },
      { name: 'other', problem: expect.stringContaining('unknown data path parameter') },
      { name: 'source', problem: expect.stringContaining('no datastore is named "nowhere"') },
    ]);
  });

  it.each([
    ['2.5', 'Int'],
    ['abc', 'Int'],
    ['1e3', 'Int'],
  ])('refuses count=%j (not %s)', async (count, type) => {
    const { service } = workspace();
    const pipeline = await publishParams();
    const error = await expectRefused(
      () =>
        service.submit(
          { kind: 'pipeline', pipelineId: pipeline.id },
          request({ parameterAssignments: { count } }),
        ),
      'ML_INVALID_PARAMETERS',
    );
    expect(error.details).toEqual([
      { name: 'count', problem: expect.stringContaining(`"${count}" is not ${type}`) },
    ]);
  });

  it('checks data path assignments: datastores by name ignoring case, paths inside them', async () => {
    const { service } = workspace();
    const pipeline = await publishParams();
    const target = { kind: 'pipeline', pipelineId: pipeline.id } as const;
    const run = await service.submit(
      target,
      request({ dataPathAssignments: { source: { datastore: 'SCORING', path: './a//b/' } } }),
    );
    expect(run.dataPaths).toEqual({ source: { datastore: 'scoring', path: 'a/b' } });
    const refused: [string, string][] = [
      ['../outside', 'contains ".."'],
      ['/etc', 'is absolute'],
    ];
    for (const [path, why] of refused) {
      const error = await expectRefused(
        () =>
          service.submit(
            target,
            request({ dataPathAssignments: { source: { datastore: 'scoring', path } } }),
          ),
        'ML_INVALID_PARAMETERS',
      );
      expect(error.details).toEqual([{ name: 'source', problem: expect.stringContaining(why) }]);
    }
    const missing = await expectRefused(
      () => service.submit(target, request({ dataPathAssignments: {} })),
      'ML_INVALID_PARAMETERS',
    );
    expect(missing.details).toEqual([
      { name: 'source', problem: expect.stringContaining('required data path is missing') },
    ]);
  });

  it.each([undefined, '', '-exp', 'has space', 'x'.repeat(256)])(
    'refuses the experiment name %j',
    async (experimentName) => {
      const { service } = workspace();
      const pipeline = await publishParams();
      await expectRefused(
        () =>
          service.submit(
            { kind: 'pipeline', pipelineId: pipeline.id },
            request({ experimentName: experimentName as string }),
          ),
        'ML_INVALID_REQUEST',
      );
    },
  );

  it('nests a run under a parent of the same experiment only', async () => {
    const { service } = workspace();
    const pipeline = await publishParams();
    const target = { kind: 'pipeline', pipelineId: pipeline.id } as const;
    const parent = await service.submit(target, request({ experimentName: 'parents' }));
    const child = await service.submit(
      target,
      request({ experimentName: 'parents', parentRunId: parent.id }),
    );
    expect(child.parentRunId).toBe(parent.id);
    await expectRefused(
      () =>
        service.submit(target, request({ experimentName: 'parents', parentRunId: 'no-such-run' })),
      'ML_PARENT_RUN_INVALID',
    );
    const error = await expectRefused(
      () => service.submit(target, request({ experimentName: 'others', parentRunId: parent.id })),
      'ML_PARENT_RUN_INVALID',
    );
    expect(error.message).toContain('"parents"');
  });

  it('submits to an endpoint: the default version, a named version, by id or by name', async () => {
    const { service } = workspace();
    const [v0, v1] = [await publishParams(), await publishParams()];
    const name = workspace().uniqueName('submit');
    const endpoint = await service.createEndpoint({ name, pipelineId: v0.id });
    await service.addEndpointVersion(endpoint.id, v1.id, { makeDefault: true });

    const byDefault = await service.submit(
      { kind: 'endpoint', endpointId: endpoint.id },
      request(),
    );
    expect(byDefault).toMatchObject({
      pipelineId: v1.id,
      pipelineEndpointId: endpoint.id,
      endpointVersion: '1',
    });
    const byName = await service.submit(
      { kind: 'endpoint', endpointName: name.toUpperCase(), version: '0' },
      request(),
    );
    expect(byName).toMatchObject({ pipelineId: v0.id, endpointVersion: '0' });

    const unknownVersion = await expectRefused(
      () => service.submit({ kind: 'endpoint', endpointId: endpoint.id, version: '9' }, request()),
      'ML_ENDPOINT_NOT_FOUND',
    );
    expect(unknownVersion.message).toContain('"0", "1"');
    await expectRefused(
      () => service.submit({ kind: 'endpoint', endpointId: 'nope' }, request()),
      'ML_ENDPOINT_NOT_FOUND',
    );
    await expectRefused(
      () => service.submit({ kind: 'endpoint', endpointName: 'nope' }, request()),
      'ML_ENDPOINT_NOT_FOUND',
    );
    await expectRefused(
      () => service.submit({ kind: 'endpoint' }, request()),
      'ML_INVALID_REQUEST',
    );
    await expectRefused(
      () => service.submit({ kind: 'pipeline', pipelineId: 'nope' }, request()),
      'ML_PIPELINE_NOT_FOUND',
    );
  });

  it('refuses a disabled endpoint until it is enabled again', async () => {
    const { service } = workspace();
    const pipeline = await publishParams();
    const endpoint = await service.createEndpoint({
      name: workspace().uniqueName('disabled'),
      pipelineId: pipeline.id,
    });
    await service.setEndpointStatus(endpoint.id, 'Disabled');
    const error = await expectRefused(
      () => service.submit({ kind: 'endpoint', endpointId: endpoint.id }, request()),
      'ML_PIPELINE_DISABLED',
    );
    expect(error.toJSON()).toMatchObject({
      code: 'ML_PIPELINE_DISABLED',
      failureType: 'UserError',
    });
    await service.setEndpointStatus(endpoint.id, 'Active');
    const run = await service.submit({ kind: 'endpoint', endpointId: endpoint.id }, request());
    expect(run.status).toBe('Queued');
  });

  it('refuses a disabled pipeline, directly or through an endpoint; a deprecated one runs', async () => {
    const { service } = workspace();
    const pipeline = await publishParams();
    const endpoint = await service.createEndpoint({
      name: workspace().uniqueName('pipeline-status'),
      pipelineId: pipeline.id,
    });
    await service.setPipelineStatus(pipeline.id, 'Disabled');
    await expectRefused(
      () => service.submit({ kind: 'pipeline', pipelineId: pipeline.id }, request()),
      'ML_PIPELINE_DISABLED',
    );
    await expectRefused(
      () => service.submit({ kind: 'endpoint', endpointId: endpoint.id }, request()),
      'ML_PIPELINE_DISABLED',
    );
    await service.setPipelineStatus(pipeline.id, 'Deprecated');
    const run = await service.submit({ kind: 'pipeline', pipelineId: pipeline.id }, request());
    expect(run.pipelineId).toBe(pipeline.id);
  });

  it('gets and lists runs', async () => {
    const { service } = workspace();
    const pipeline = await publishParams();
    const first = await service.submit({ kind: 'pipeline', pipelineId: pipeline.id }, request());
    const second = await service.submit({ kind: 'pipeline', pipelineId: pipeline.id }, request());
    const page = await service.listRuns({ pipelineId: pipeline.id });
    expect(page.value.map((run) => run.id)).toEqual([second.id, first.id]);
    await expectWorkspaceError(service.getRun('no-such-run'), 'ML_RUN_NOT_FOUND');
    await expectWorkspaceError(
      service.listRuns({ continuationToken: 'not-a-token' }),
      'ML_INVALID_REQUEST',
    );
  });

  it('cancels an unfinished run: CancelRequested, steps untouched, the launcher asked', async () => {
    const { service, store, launcher } = workspace();
    const pipeline = await publishParams();
    const run = await service.submit({ kind: 'pipeline', pipelineId: pipeline.id }, request());
    const canceled = await service.cancelRun(run.id);
    expect(canceled).toMatchObject({
      id: run.id,
      status: 'CancelRequested',
      cancelRequested: true,
    });
    expect(launcher.cancelRequested.at(-1)).toBe(run.id);
    const { steps } = await service.getRun(run.id);
    expect(steps.map((step) => step.status)).toEqual(['NotStarted', 'NotStarted']);
    // Asking again is harmless and asks the launcher again.
    expect((await service.cancelRun(run.id)).status).toBe('CancelRequested');
    expect(launcher.cancelRequested.filter((id) => id === run.id)).toHaveLength(2);

    await store.commitMlRun({
      at: new Date(Date.UTC(2031, 0, 1)).toISOString(),
      runId: run.id,
      runPatch: { status: 'Canceled', endTime: new Date(Date.UTC(2031, 0, 1)).toISOString() },
    });
    const error = await expectWorkspaceError(service.cancelRun(run.id), 'ML_RUN_FINISHED');
    expect(error.httpStatus).toBe(409);
    expect(launcher.cancelRequested.filter((id) => id === run.id)).toHaveLength(2);
    await expectWorkspaceError(service.cancelRun('no-such-run'), 'ML_RUN_NOT_FOUND');
  });

  it('reads a step log from the live file, else from its datastore, else empty', async () => {
    const { service, store, logRoot, datastores } = workspace();
    const pipeline = await publishParams();
    const run = await service.submit({ kind: 'pipeline', pipelineId: pipeline.id }, request());
    const [first, second] = (await service.getRun(run.id)).steps;
    expect(await service.readStepLog(run.id, 'first', 'stdout')).toBe('');

    const live = join(logRoot, run.id, first!.id);
    await mkdir(live, { recursive: true });
    await writeFile(join(live, 'stdout.txt'), 'epoch 1\nepoch 2\n');
    expect(await service.readStepLog(run.id, 'first', 'stdout')).toBe('epoch 1\nepoch 2\n');
    expect(await service.readStepLog(run.id, first!.id, 'stdout')).toBe('epoch 1\nepoch 2\n');
    expect(await service.readStepLog(run.id, 'first', 'stderr')).toBe('');

    const logPath = `logs/${run.id}/second/stderr.txt`;
    await datastores.get('scoring').writeFile(logPath, 'warning: kept\n');
    await store.commitMlRun({
      at: new Date(Date.UTC(2031, 0, 1)).toISOString(),
      runId: run.id,
      updateStepRuns: [
        { id: second!.id, patch: { logs: { stderr: { datastore: 'scoring', path: logPath } } } },
      ],
    });
    expect(await service.readStepLog(run.id, 'second', 'stderr')).toBe('warning: kept\n');
    await datastores.get('scoring').delete(logPath);
    expect(await service.readStepLog(run.id, 'second', 'stderr')).toBe('');

    await expectWorkspaceError(service.readStepLog(run.id, 'First', 'stdout'), 'ML_RUN_NOT_FOUND');
    await expectWorkspaceError(
      service.readStepLog('no-such-run', 'first', 'stdout'),
      'ML_RUN_NOT_FOUND',
    );
    await expectWorkspaceError(
      service.readStepLog(run.id, 'first', '../../etc/passwd' as 'stdout'),
      'ML_INVALID_REQUEST',
    );
  });
});
