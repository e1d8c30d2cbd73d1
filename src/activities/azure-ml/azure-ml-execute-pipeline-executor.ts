/**
 * Data Factory's `AzureMLExecutePipeline`: submits a published ML pipeline (by id, or by endpoint
 * and version) to the workspace its `AzureMLService` linked service points at, tagged with the
 * factory run, then follows the ML run until it ends: the workspace answers as soon as the run's
 * status changes (in process, or the server's long poll), within a back-off limit. Completed →
 * Succeeded; Failed or Canceled → 4126 with Azure ML's message and the failed steps in
 * `details`. A cancel or timeout of the activity cancels the ML run. With
 * `waitOnCompletion: false` (beyond ADF) it returns right after the submit.
 */
import type { MlRunDetails, MlWorkspace } from '../../ml/workspace/ml-workspace.js';
import { MlWorkspaceError } from '../../ml/workspace/ml-workspace-errors.js';
import { TERMINAL_ML_RUN_STATUSES } from '../../store/ml-store.js';
import {
  activityFailure,
  type ActivityExecutionRequest,
  type ActivityExecutionResult,
  type ActivityExecutor,
} from '../activity-executor.js';
import { cancelledResult, ExpectedFailure, guardExecution } from '../execution-guard.js';
import { readAzureMlActivityInput } from './azure-ml-activity-input.js';
import { mlFailureResult } from './azure-ml-failures.js';
import { azureMlOutput, failedStepDetails } from './azure-ml-output.js';
import {
  millraceEndpointOf,
  type AzureMlLinkedService,
  type MlWorkspaceConnect,
} from './ml-workspace-connector.js';

export interface AzureMlExecutePipelineExecutorOptions {
  /** The workspace a linked service points at (see `MlWorkspaceConnector`). */
  readonly connect: MlWorkspaceConnect;
  /**
   * The longest wait for a status change before reading the run again: the first, doubled after
   * each read up to `max`.
   */
  readonly pollIntervalMs?: {
    /** (Default: 1000) */
    readonly initial?: number;
    /** (Default: 15000) */
    readonly max?: number;
  };
  /**
   * The web page of an ML run of the workspace this process runs (linked services without
   * `millraceEndpoint`), for the output's `runUrl`. Runs on a Millrace server get that server's
   * page, `<millraceEndpoint>/ml/runs/<id>`. (Default: `millrace://ml/runs/<id>`)
   */
  readonly runUrl?: (runId: string) => string;
  /** How long a cancel waits for the ML run to end before reporting. (Default: 10000) */
  readonly cancelWaitMs?: number;
}

export const AZURE_ML_LINKED_SERVICE_TYPE = 'AzureMLService';
const CANCEL_POLL_MS = 1000;

export class AzureMlExecutePipelineExecutor implements ActivityExecutor {
  readonly type = 'AzureMLExecutePipeline';

  constructor(private readonly options: AzureMlExecutePipelineExecutorOptions) {}

  execute(request: ActivityExecutionRequest): Promise<ActivityExecutionResult> {
    return guardExecution(request, async () => {
      try {
        return await this.run(request);
      } catch (error) {
        const failure = mlFailureResult(error, request.activity.name);
        if (failure === undefined) throw error;
        return failure;
      }
    });
  }

  private async run(request: ActivityExecutionRequest): Promise<ActivityExecutionResult> {
    const linkedService = checkedLinkedService(request);
    const input = readAzureMlActivityInput(request.input, request.pipelineName);
    const workspace = await this.connect(linkedService);
    const submitted = await workspace.submit(input.target, {
      experimentName: input.experimentName,
      runSource: 'DataFactory',
      parameterAssignments: input.parameterAssignments,
      dataPathAssignments: input.dataPathAssignments,
      ...(input.continueOnStepFailure === undefined
        ? {}
        : { continueRunOnStepFailure: input.continueOnStepFailure }),
      ...(input.parentRunId === undefined ? {} : { parentRunId: input.parentRunId }),
      tags: { adfPipelineRunId: request.pipelineRunId, adfActivityRunId: request.activityRunId },
      detach: !input.waitOnCompletion,
    });
    const runId = submitted.id;
    if (request.signal.aborted) return this.cancel(request, linkedService, workspace, runId);
    if (!input.waitOnCompletion)
      return {
        status: 'Succeeded',
        output: this.output(await workspace.getRun(runId), linkedService),
      };

    let wait = this.options.pollIntervalMs?.initial ?? 1000;
    const maxWait = this.options.pollIntervalMs?.max ?? 15_000;
    for (;;) {
      const details = await workspace.getRun(runId);
      if (TERMINAL_ML_RUN_STATUSES.includes(details.run.status))
        return this.finished(request, linkedService, workspace, details);
      await workspace.waitForRunChange(runId, details.run.status, {
        timeoutMs: wait,
        signal: request.signal,
      });
      if (request.signal.aborted) return this.cancel(request, linkedService, workspace, runId);
      wait = Math.min(wait * 2, maxWait);
    }
  }

  private async connect(linkedService: AzureMlLinkedService): Promise<MlWorkspace> {
    try {
      return await this.options.connect(linkedService);
    } catch (error) {
      if (error instanceof ExpectedFailure) throw error;
      throw new ExpectedFailure(
        '4112',
        `Could not reach the ML workspace of the linked service '${linkedService.name}': ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private output(details: MlRunDetails, linkedService: AzureMlLinkedService) {
    const { id } = details.run;
    const server = millraceEndpointOf(linkedService)?.replace(/\/+$/, '');
    const runUrl =
      server === undefined
        ? (this.options.runUrl?.(id) ?? `millrace://ml/runs/${id}`)
        : `${server}/ml/runs/${encodeURIComponent(id)}`;
    return azureMlOutput(details, runUrl);
  }

  private async finished(
    request: ActivityExecutionRequest,
    linkedService: AzureMlLinkedService,
    workspace: MlWorkspace,
    details: MlRunDetails,
  ): Promise<ActivityExecutionResult> {
    const output = this.output(details, linkedService);
    if (details.run.status === 'Completed') return { status: 'Succeeded', output };
    const failure = activityFailure(
      '4126',
      `Azure ML pipeline run failed with status: '${details.run.status}'. Azure ML pipeline run Id: '${details.run.id}'.`,
      request.activity.name,
      'UserError',
      { failedSteps: await failedStepDetails(workspace, details) },
    );
    return { ...failure, output };
  }

  /** Cancels the ML run, waits a little for it to end, and reports the attempt as stopped. */
  private async cancel(
    request: ActivityExecutionRequest,
    linkedService: AzureMlLinkedService,
    workspace: MlWorkspace,
    runId: string,
  ): Promise<ActivityExecutionResult> {
    try {
      await workspace.cancelRun(runId);
    } catch (error) {
      if (!(error instanceof MlWorkspaceError && error.code === 'ML_RUN_FINISHED')) throw error;
    }
    const deadline = Date.now() + (this.options.cancelWaitMs ?? 10_000);
    let details = await workspace.getRun(runId);
    while (!TERMINAL_ML_RUN_STATUSES.includes(details.run.status) && Date.now() < deadline) {
      await workspace.waitForRunChange(runId, details.run.status, {
        timeoutMs: Math.min(CANCEL_POLL_MS, deadline - Date.now()),
      });
      details = await workspace.getRun(runId);
    }
    return cancelledResult(request, this.output(details, linkedService));
  }
}

function checkedLinkedService(request: ActivityExecutionRequest): AzureMlLinkedService {
  const linkedService = request.linkedService;
  if (linkedService === undefined)
    throw new ExpectedFailure(
      '4110',
      `The activity '${request.activity.name}' has no linked service: set 'linkedServiceName' to an ${AZURE_ML_LINKED_SERVICE_TYPE} linked service.`,
    );
  if (linkedService.type.toLowerCase() !== AZURE_ML_LINKED_SERVICE_TYPE.toLowerCase())
    throw new ExpectedFailure(
      '4111',
      `The linked service '${linkedService.name}' is of type '${linkedService.type}'; AzureMLExecutePipeline needs an ${AZURE_ML_LINKED_SERVICE_TYPE} linked service.`,
    );
  return linkedService;
}
