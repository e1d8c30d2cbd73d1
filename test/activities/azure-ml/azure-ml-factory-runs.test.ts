/**
 * AzureMLExecutePipeline end to end through a real server (`openServer`, listening on
 * 127.0.0.1, on each store STORE selects). Factory resources and runs go through the factory
 * REST API as a Factory Author; the activity reaches the server's ML workspace over HTTP as its
 * linked service's service principal, with the token the server issues that principal. Covers
 * the loan-scoring example, a failing step, continueOnStepFailure, cancel, timeout, retry, a
 * parent run and refused credentials, each checked against what the factory and the ML
 * workspace recorded.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFactoryFolder } from '../../../src/factory-service/factory-import.js';
import type { JsonObject } from '../../../src/factory/resources.js';
import { seedMlWorkspace } from '../../../src/ml/workspace/workspace-seed.js';
import { TERMINAL_ML_RUN_STATUSES, MlRunStatuses } from '../../../src/store/ml-store.js';
import { TERMINAL_RUN_STATUSES } from '../../../src/store/store.js';
import {
  FACTORY_PATH,
  FIXTURES,
  processRunning,
  startServer,
  until,
  type HttpAnswer,
  type ServerHarness,
} from '../../server/server-harness.js';
import { storeAdaptersUnderTest } from '../../support/store-adapters.js';

const LOAN_SCORING = join(import.meta.dirname, '../../../examples/loan-scoring');
const API_VERSION = '2018-06-01';
/** The linked service most pipelines here use: the server, as the submitter principal. */
const SUBMITTER_SERVICE = 'MlAsSubmitter';

interface Principal {
  readonly clientId: string;
  readonly secret: string;
}

/** An activity run as queryActivityruns returns it (the fields these tests read). */
interface ActivityRunAnswer {
  readonly activityRunId: string;
  readonly activityName: string;
  readonly attempt: number;
  readonly status: string;
  readonly output: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read any field
  readonly error: {
    readonly errorCode: string;
    readonly message: string;
    readonly failureType: string;
    readonly target: string;
    readonly details?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read any field
  } | null;
}

/** A step run of an ML run entity (`StepRuns`). */
interface StepRunAnswer {
  readonly Name: string;
  readonly Status: string;
  readonly StartTime: string | null;
  readonly EndTime: string | null;
  readonly Reused: boolean;
  readonly Tags: Record<string, string>;
}

function expression(value: string): JsonObject {
  return { value, type: 'Expression' };
}

describe.each(storeAdaptersUnderTest())(
  'AzureMLExecutePipeline through the server on %s',
  { timeout: 60_000 },
  (adapter) => {
    let server: ServerHarness;
    let authorToken: string;
    let submitter: Principal;
    let flowId: string;
    let sleepyId: string;
    let onceId: string;

    beforeAll(async () => {
      server = await startServer(adapter);
      authorToken = await server.userToken('factory-author', [['Factory Author', 'factory']]);
      submitter = await server.servicePrincipal('adf-ml-submitter', [
        ['ML Pipeline Submitter', 'ml'],
      ]);
      const { workspace, datastores } = server.session;
      await datastores.get('workspaceblobstore').writeFile('flow/raw/rows.txt', 'row\n');
      const publish = async (fixture: string) =>
        (
          await workspace.publish(
            { kind: 'file', file: join(FIXTURES, fixture, 'pipeline.yml') },
            {},
          )
        ).pipeline.id;
      flowId = await publish('flow');
      sleepyId = await publish('sleepy');
      onceId = await publish('adf-activity');
      await putResource('linkedservices', SUBMITTER_SERVICE, mlLinkedService(submitter));
    });

    afterAll(async () => {
      if (server === undefined) return;
      // A test that failed half-way may leave a sleeping step behind; the server would wait for it.
      const { workspace } = server.session;
      const live = await workspace.listRuns({
        statuses: MlRunStatuses.filter((status) => !TERMINAL_ML_RUN_STATUSES.includes(status)),
      });
      for (const run of live.value) await workspace.cancelRun(run.id).catch(() => undefined);
      await server.close();
    });

    // ---- the factory API, as the Factory Author ------------------------------------------------

    function factory(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
      return server.request(method, `${FACTORY_PATH}/${path}`, {
        token: authorToken,
        query: { 'api-version': API_VERSION },
        ...(body === undefined ? {} : { body }),
      });
    }

    async function putResource(kind: string, name: string, properties: JsonObject): Promise<void> {
      const answer = await factory('PUT', `${kind}/${name}`, { name, properties });
      expect(answer.status, answer.text).toBeLessThan(300);
    }

    function mlLinkedService(principal: Principal): JsonObject {
      return {
        type: 'AzureMLService',
        typeProperties: {
          subscriptionId: 'sub-1',
          resourceGroupName: 'rg-1',
          mlWorkspaceName: 'ws-1',
          millraceEndpoint: server.origin,
          servicePrincipalId: principal.clientId,
          servicePrincipalKey: { type: 'SecureString', value: principal.secret },
        },
      };
    }

    function mlActivity(
      name: string,
      typeProperties: JsonObject,
      options: { readonly linkedService?: string; readonly policy?: JsonObject } = {},
    ): JsonObject {
      return {
        name,
        type: 'AzureMLExecutePipeline',
        linkedServiceName: {
          referenceName: options.linkedService ?? SUBMITTER_SERVICE,
          type: 'LinkedServiceReference',
        },
        ...(options.policy === undefined ? {} : { policy: options.policy }),
        typeProperties,
      };
    }

    async function putPipeline(
      name: string,
      activities: JsonObject[],
      parameters: JsonObject = {},
    ): Promise<void> {
      await putResource('pipelines', name, { parameters, activities });
    }

    async function startRun(pipeline: string, parameters: JsonObject = {}): Promise<string> {
      const created = await factory('POST', `pipelines/${pipeline}/createRun`, parameters);
      expect(created.status, created.text).toBe(200);
      return created.json.runId as string;
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any field
    async function runEnded(runId: string): Promise<any> {
      const answer = await until(
        () => factory('GET', `pipelineruns/${runId}`),
        (got) => (TERMINAL_RUN_STATUSES as readonly string[]).includes(got.json?.status),
        `factory run ${runId} to end`,
      );
      return answer.json;
    }

    async function activityRuns(runId: string): Promise<ActivityRunAnswer[]> {
      const answer = await factory('POST', `pipelineruns/${runId}/queryActivityruns`, {});
      expect(answer.status, answer.text).toBe(200);
      return answer.json.value as ActivityRunAnswer[];
    }

    async function onlyActivityRun(runId: string, name: string): Promise<ActivityRunAnswer> {
      const found = (await activityRuns(runId)).filter((run) => run.activityName === name);
      expect(found, `activity runs of ${name}`).toHaveLength(1);
      return found[0] as ActivityRunAnswer;
    }

    // ---- the ML workspace API (as the admin, who may read everything) --------------------------

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any field
    async function mlRun(runId: string): Promise<any> {
      const answer = await server.request('GET', `PipelineRuns/${runId}`);
      expect(answer.status, answer.text).toBe(200);
      return answer.json;
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any field
    async function mlRunsOf(experimentName: string): Promise<any[]> {
      const answer = await server.request('GET', 'PipelineRuns', { query: { experimentName } });
      expect(answer.status, answer.text).toBe(200);
      return answer.json.Value;
    }

    function stepsOf(run: { StepRuns: StepRunAnswer[] }): Record<string, StepRunAnswer> {
      return Object.fromEntries(run.StepRuns.map((step) => [step.Name, step]));
    }

    /** The ML run a factory run's activity submitted, found by the tag the activity sets. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any field
    async function mlRunOfFactoryRun(experimentName: string, factoryRunId: string): Promise<any> {
      const runs = await until(
        () => mlRunsOf(experimentName),
        (found) => found.some((run) => run.Tags.adfPipelineRunId === factoryRunId),
        `the ML run of factory run ${factoryRunId}`,
      );
      return mlRun(runs.find((run) => run.Tags.adfPipelineRunId === factoryRunId).Id);
    }

    /** The process id the sleepy fixture's step prints first. */
    async function napPid(mlRunId: string): Promise<number> {
      const log = await until(
        () => server.request('GET', `PipelineRuns/${mlRunId}/StepRuns/nap/Logs/stdout`),
        (answer) => /pid \d+/.test(answer.text),
        'the nap step to print its pid',
      );
      return Number(/pid (\d+)/.exec(log.text)?.[1]);
    }

    // ---- the cases -----------------------------------------------------------------------------

    it('runs the loan-scoring example: the ML run records what the factory run passed', async () => {
      const seeded = await seedMlWorkspace(LOAN_SCORING, server.session);
      expect(seeded.endpoints).toEqual([
        expect.objectContaining({ name: 'loan-scoring', version: '0', unchanged: false }),
      ]);
      const endpoint = await server.request('GET', 'PipelineEndpoints/Name', {
        query: { name: 'loan-scoring' },
      });
      await importFactoryFolder(server.server.factory.service, LOAN_SCORING);
      // The example's linked service reaches the workspace of the process running the pipeline;
      // here it names the server (through its `endpoint` parameter) and the submitter principal.
      const example = JSON.parse(
        await readFile(join(LOAN_SCORING, 'linkedService/MillraceMl.json'), 'utf8'),
      ) as { properties: { typeProperties: JsonObject } };
      await putResource('linkedservices', 'MillraceMl', {
        ...example.properties,
        parameters: { endpoint: { type: 'String', defaultValue: server.origin } },
        typeProperties: {
          ...example.properties.typeProperties,
          servicePrincipalId: submitter.clientId,
          servicePrincipalKey: { type: 'SecureString', value: submitter.secret },
        },
      });

      const runId = await startRun('ScoreLoans', {
        threshold: 0.25,
        batch: 'nightly',
        inputFile: 'loans.csv',
      });
      const run = await runEnded(runId);
      expect(run.status, run.message).toBe('Succeeded');

      const activity = await onlyActivityRun(runId, 'ScoreWithMl');
      const mlRunId = activity.output.runId as string;
      expect(activity).toMatchObject({ status: 'Succeeded', attempt: 1, error: null });
      expect(activity.output).toMatchObject({
        runStatus: 'Completed',
        mlPipelineRunId: mlRunId,
        experimentName: 'loan-scoring-nightly',
        mlPipelineId: seeded.endpoints[0]?.pipelineId,
        mlPipelineEndpointId: endpoint.json.Id,
        version: '0',
        parameterAssignments: { threshold: 0.25, run_label: runId },
        dataPathAssignments: {
          loans: {
            DataStoreName: 'workspaceblobstore',
            RelativePath: 'examples/loan-scoring/loans.csv',
          },
        },
      });
      expect(activity.output.stepRuns).toEqual([
        expect.objectContaining({
          name: 'prepare',
          status: 'Completed',
          reused: false,
          metrics: expect.objectContaining({ rows: 300 }),
        }),
        expect.objectContaining({
          name: 'score',
          status: 'Completed',
          reused: false,
          metrics: expect.objectContaining({
            scored: 300,
            flagged: expect.any(Number),
            roc_auc: expect.any(Number),
          }),
          outputs: { scores: expect.objectContaining({ DataStoreName: 'workspaceblobstore' }) },
        }),
      ]);

      const ml = await mlRun(mlRunId);
      expect(ml).toMatchObject({
        Id: mlRunId,
        RunHistoryExperimentName: 'loan-scoring-nightly',
        RunSource: 'DataFactory',
        PipelineEndpointId: endpoint.json.Id,
        PipelineEndpointVersion: '0',
        Status: { Status: 'Completed', StatusCode: 3 },
        ParameterAssignments: { threshold: '0.25', run_label: runId },
        ParameterValues: { threshold: 0.25, run_label: runId },
        DataPathAssignments: {
          loans: {
            DataStoreName: 'workspaceblobstore',
            RelativePath: 'examples/loan-scoring/loans.csv',
          },
        },
        Tags: { adfPipelineRunId: runId, adfActivityRunId: activity.activityRunId },
        ParentRunId: null,
      });
      expect(ml.StepRuns.map((step: StepRunAnswer) => [step.Name, step.Status])).toEqual([
        ['prepare', 'Completed'],
        ['score', 'Completed'],
      ]);
      // The factory run id reached the step process as its label.
      expect(stepsOf(ml)['score']?.Tags).toMatchObject({ run_label: runId });
      const scores = activity.output.stepRuns[1].outputs.scores.RelativePath as string;
      const predictions = await server.session.datastores
        .get('workspaceblobstore')
        .readFile(`${scores}/predictions.csv`);
      expect(predictions.toString('utf8').trim().split('\n')).toHaveLength(301);

      const flagged = activity.output.stepRuns[1].metrics.flagged as number;
      expect(run.output).toMatchObject({
        mlRunId,
        experiment: 'loan-scoring-nightly',
        endpointVersion: '0',
      });
      expect(run.output.summary).toContain(
        `ML run ${mlRunId} Completed after 2 steps: ${flagged} of 300 loans flagged for review`,
      );
    });

    it('fails with 4126, the failed step and its log when a step fails; the next activity does not run', async () => {
      await putPipeline('FailingStep', [
        mlActivity('RunFlow', {
          mlPipelineId: flowId,
          experimentName: 'adf-failing-step',
          mlPipelineParameters: { fail: 'prep' },
          dataPathAssignments: { raw: 'workspaceblobstore/flow/raw' },
        }),
        {
          name: 'AfterMl',
          type: 'NoOp',
          dependsOn: [{ activity: 'RunFlow', dependencyConditions: ['Succeeded'] }],
        },
      ]);
      const runId = await startRun('FailingStep');
      const run = await runEnded(runId);
      expect(run.status).toBe('Failed');

      const activities = await activityRuns(runId);
      expect(activities.map((activity) => [activity.activityName, activity.status])).toEqual([
        ['RunFlow', 'Failed'],
        ['AfterMl', 'Skipped'],
      ]);
      const activity = activities[0] as ActivityRunAnswer;
      const mlRunId = activity.output.runId as string;
      expect(activity).toMatchObject({
        status: 'Failed',
        output: { runStatus: 'Failed', experimentName: 'adf-failing-step' },
      });
      expect(activity.error).toMatchObject({
        errorCode: '4126',
        message: `Azure ML pipeline run failed with status: 'Failed'. Azure ML pipeline run Id: '${mlRunId}'.`,
        failureType: 'UserError',
        target: 'RunFlow',
      });
      expect(activity.error?.details.failedSteps).toEqual([
        expect.objectContaining({
          step: 'prep',
          status: 'Failed',
          errorCode: expect.any(String),
          message: expect.stringContaining('exited with code 3'),
          logTail: expect.stringContaining('prep fails on purpose'),
        }),
      ]);

      const ml = await mlRun(mlRunId);
      expect(ml).toMatchObject({
        Status: { Status: 'Failed', StatusCode: 2 },
        Tags: { adfPipelineRunId: runId, adfActivityRunId: activity.activityRunId },
      });
      const steps = stepsOf(ml);
      expect(steps['prep']?.Status).toBe('Failed');
      expect([steps['train']?.Status, steps['score']?.Status]).toEqual(['Canceled', 'Canceled']);
      expect(steps['train']?.StartTime).toBeNull();
    });

    it('keeps independent steps running with continueOnStepFailure true, stops them with false', async () => {
      await putPipeline(
        'ContinueOnFailure',
        [
          mlActivity('RunFlow', {
            mlPipelineId: flowId,
            experimentName: expression("@concat('adf-continue-', pipeline().parameters.mode)"),
            continueOnStepFailure: expression('@pipeline().parameters.continue'),
            mlPipelineParameters: {
              fail: 'prep',
              report_sleep: expression('@pipeline().parameters.reportSleep'),
            },
          }),
        ],
        {
          mode: { type: 'String' },
          continue: { type: 'Bool' },
          reportSleep: { type: 'Int' },
        },
      );

      // The independent step `report` sleeps 2 s, so it is still running when prep fails.
      const continuing = await startRun('ContinueOnFailure', {
        mode: 'true',
        continue: true,
        reportSleep: 2,
      });
      expect((await runEnded(continuing)).status).toBe('Failed');
      const continued = await onlyActivityRun(continuing, 'RunFlow');
      expect(continued.error?.errorCode).toBe('4126');
      const continuedRun = await mlRun(continued.output.runId);
      expect(continuedRun).toMatchObject({
        ContinueRunOnStepFailure: true,
        Status: { Status: 'Failed' },
      });
      const afterFailure = stepsOf(continuedRun);
      expect(afterFailure['prep']?.Status).toBe('Failed');
      expect(afterFailure['report']?.Status).toBe('Completed');
      expect(Date.parse(afterFailure['report']?.EndTime ?? '')).toBeGreaterThan(
        Date.parse(afterFailure['prep']?.EndTime ?? ''),
      );
      // Only prep's dependents are skipped.
      for (const name of ['train', 'score'])
        expect(afterFailure[name]).toMatchObject({ Status: 'Canceled', StartTime: null });

      // Now `report` would sleep 30 s: the failure of prep stops it.
      const stopping = await startRun('ContinueOnFailure', {
        mode: 'false',
        continue: false,
        reportSleep: 30,
      });
      expect((await runEnded(stopping)).status).toBe('Failed');
      const stopped = await onlyActivityRun(stopping, 'RunFlow');
      expect(stopped.error?.errorCode).toBe('4126');
      const stoppedRun = await mlRun(stopped.output.runId);
      expect(stoppedRun).toMatchObject({
        ContinueRunOnStepFailure: false,
        Status: { Status: 'Failed' },
      });
      const stoppedSteps = stepsOf(stoppedRun);
      expect(stoppedSteps['prep']?.Status).toBe('Failed');
      expect(stoppedSteps['report']?.Status).toBe('Canceled');
      for (const name of ['train', 'score'])
        expect(stoppedSteps[name]).toMatchObject({ Status: 'Canceled', StartTime: null });
    });

    it('cancels the ML run and stops its step when the factory run is cancelled', async () => {
      await putPipeline('CancelMl', [
        mlActivity('Nap', {
          mlPipelineId: sleepyId,
          experimentName: 'adf-cancel',
          mlPipelineParameters: { seconds: 60 },
        }),
      ]);
      const runId = await startRun('CancelMl');
      // The activity's output only comes at its end: the ML run is found by its tag.
      const submitted = await mlRunOfFactoryRun('adf-cancel', runId);
      const pid = await napPid(submitted.Id);
      expect(await processRunning(pid)).toBe(true);

      const cancel = await factory('POST', `pipelineruns/${runId}/cancel`);
      expect(cancel.status, cancel.text).toBe(200);
      expect((await runEnded(runId)).status).toBe('Cancelled');

      // The engine ends the run at once; the activity cancels its ML run as it stops, and the
      // output it then reports (naming the ML run) is kept on the cancelled activity run.
      const activity = await until(
        () => onlyActivityRun(runId, 'Nap'),
        (run) => run.output?.runId === submitted.Id,
        'the cancelled activity to name its ML run',
      );
      expect(activity).toMatchObject({
        status: 'Cancelled',
        error: { errorCode: 'Cancelled', target: 'Nap' },
        output: { runStatus: 'Canceled' },
      });
      const ml = await until(
        () => mlRun(submitted.Id),
        (run) => run.Status.Status === 'Canceled',
        `ML run ${submitted.Id} to be canceled`,
      );
      expect(ml).toMatchObject({
        Status: { StatusCode: 4 },
        CancelRequested: true,
        Tags: { adfPipelineRunId: runId, adfActivityRunId: activity.activityRunId },
      });
      expect(stepsOf(ml)['nap']?.Status).toBe('Canceled');
      await until(
        () => processRunning(pid),
        (running) => !running,
        `process ${pid} to end`,
      );
    });

    it('cancels the ML run when the activity times out', async () => {
      await putPipeline('TimeoutMl', [
        mlActivity(
          'Nap',
          {
            mlPipelineId: sleepyId,
            experimentName: 'adf-timeout',
            mlPipelineParameters: { seconds: 60 },
          },
          { policy: { timeout: '0.00:00:02', retry: 0 } },
        ),
      ]);
      const runId = await startRun('TimeoutMl');
      const submitted = await mlRunOfFactoryRun('adf-timeout', runId);

      expect((await runEnded(runId)).status).toBe('Failed');
      const activity = await onlyActivityRun(runId, 'Nap');
      expect(activity).toMatchObject({
        status: 'Failed',
        error: { errorCode: 'ActivityTimedOut', target: 'Nap' },
        output: { runId: submitted.Id, runStatus: 'Canceled' },
      });
      // The activity ends only once its ML run has.
      const ml = await mlRun(submitted.Id);
      expect(ml).toMatchObject({
        Status: { Status: 'Canceled' },
        CancelRequested: true,
        Tags: { adfActivityRunId: activity.activityRunId },
      });
      expect(stepsOf(ml)['nap']?.Status).toBe('Canceled');
      // Under load the timeout may come before the step started; when it had, it is stopped.
      const log = await server.request(
        'GET',
        `PipelineRuns/${submitted.Id}/StepRuns/nap/Logs/stdout`,
      );
      const pid = /pid (\d+)/.exec(log.text)?.[1];
      if (pid !== undefined)
        await until(
          () => processRunning(Number(pid)),
          (running) => !running,
          `process ${pid} to end`,
        );
    });

    it('submits a new ML run for each retry of the activity', async () => {
      const marker = join(server.home, 'flaky-marker');
      await putPipeline('RetryMl', [
        mlActivity(
          'Flaky',
          {
            mlPipelineId: onceId,
            experimentName: 'adf-retry',
            mlPipelineParameters: { marker_dir: marker },
          },
          { policy: { retry: 1, retryIntervalInSeconds: 0 } },
        ),
      ]);
      const runId = await startRun('RetryMl');
      expect((await runEnded(runId)).status).toBe('Succeeded');

      const attempts = (await activityRuns(runId)).sort((a, b) => a.attempt - b.attempt);
      expect(attempts.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
        [1, 'Failed'],
        [2, 'Succeeded'],
      ]);
      const [first, second] = attempts as [ActivityRunAnswer, ActivityRunAnswer];
      expect(first.error?.errorCode).toBe('4126');
      expect(first.activityRunId).not.toBe(second.activityRunId);
      expect(first.output.runId).not.toBe(second.output.runId);

      const failedRun = await mlRun(first.output.runId);
      expect(failedRun).toMatchObject({
        Status: { Status: 'Failed' },
        Tags: { adfPipelineRunId: runId, adfActivityRunId: first.activityRunId },
      });
      const completedRun = await mlRun(second.output.runId);
      expect(completedRun).toMatchObject({
        Status: { Status: 'Completed' },
        Tags: { adfPipelineRunId: runId, adfActivityRunId: second.activityRunId },
      });
      expect(stepsOf(completedRun)['flaky']).toMatchObject({ Status: 'Completed', Reused: false });
      const inExperiment = (await mlRunsOf('adf-retry')).map((run) => run.Id as string);
      expect(inExperiment.sort()).toEqual([first.output.runId, second.output.runId].sort());
    });

    it('nests the ML run under mlParentRunId, which must be a run of the same experiment', async () => {
      await putPipeline(
        'ParentedMl',
        [
          mlActivity('Once', {
            mlPipelineId: onceId,
            experimentName: expression('@pipeline().parameters.experiment'),
            mlParentRunId: expression('@pipeline().parameters.parentRunId'),
          }),
        ],
        {
          experiment: { type: 'String' },
          parentRunId: { type: 'String', defaultValue: '' },
        },
      );
      const parentRun = await startRun('ParentedMl', { experiment: 'adf-parent' });
      expect((await runEnded(parentRun)).status).toBe('Succeeded');
      const parentId = (await onlyActivityRun(parentRun, 'Once')).output.runId as string;
      expect((await mlRun(parentId)).ParentRunId).toBeNull();

      const childRun = await startRun('ParentedMl', {
        experiment: 'adf-parent',
        parentRunId: parentId,
      });
      expect((await runEnded(childRun)).status).toBe('Succeeded');
      const childId = (await onlyActivityRun(childRun, 'Once')).output.runId as string;
      expect(childId).not.toBe(parentId);
      expect(await mlRun(childId)).toMatchObject({
        ParentRunId: parentId,
        RunHistoryExperimentName: 'adf-parent',
        Status: { Status: 'Completed' },
      });

      const elsewhere = await startRun('ParentedMl', {
        experiment: 'adf-parent-elsewhere',
        parentRunId: parentId,
      });
      expect((await runEnded(elsewhere)).status).toBe('Failed');
      const refused = await onlyActivityRun(elsewhere, 'Once');
      expect(refused.error?.errorCode).toBe('4123');
      expect(refused.error?.message).toContain('must share the experiment');
      expect(await mlRunsOf('adf-parent-elsewhere')).toEqual([]);
    });

    it('fails with 4122 when the principal may only read ML pipelines, or its key is wrong', async () => {
      const reader = await server.servicePrincipal('adf-ml-reader', [['ML Pipeline Reader', 'ml']]);
      await putResource('linkedservices', 'MlAsReader', mlLinkedService(reader));
      await putResource(
        'linkedservices',
        'MlWithWrongKey',
        mlLinkedService({ clientId: submitter.clientId, secret: 'not-the-secret-of-this-one' }),
      );
      const input = { mlPipelineId: onceId, experimentName: 'adf-refused' };
      await putPipeline('SubmitAsReader', [
        mlActivity('Submit', input, { linkedService: 'MlAsReader' }),
      ]);
      await putPipeline('SubmitWithWrongKey', [
        mlActivity('Submit', input, { linkedService: 'MlWithWrongKey' }),
      ]);

      const asReader = await startRun('SubmitAsReader');
      expect((await runEnded(asReader)).status).toBe('Failed');
      const forbidden = await onlyActivityRun(asReader, 'Submit');
      expect(forbidden.error?.errorCode).toBe('4122');
      expect(forbidden.error?.message).toContain('lacks permission');
      expect(forbidden.error?.message).toContain('ml/pipelines/submit');

      const withWrongKey = await startRun('SubmitWithWrongKey');
      expect((await runEnded(withWrongKey)).status).toBe('Failed');
      const unauthorized = await onlyActivityRun(withWrongKey, 'Submit');
      expect(unauthorized.error?.errorCode).toBe('4122');
      expect(unauthorized.error?.message).toContain('credential is invalid');
      expect(unauthorized.error?.message).not.toContain('not-the-secret-of-this-one');

      expect(await mlRunsOf('adf-refused')).toEqual([]);
    });
  },
);
