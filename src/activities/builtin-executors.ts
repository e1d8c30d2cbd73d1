/** The registry of every executor Millrace ships, for composition roots to hand to the engine. */
import { ActivityExecutorRegistry } from './activity-executor.js';
import { AzureMlExecutePipelineExecutor } from './azure-ml/azure-ml-execute-pipeline-executor.js';
import {
  MlWorkspaceConnector,
  type MlWorkspaceConnect,
} from './azure-ml/ml-workspace-connector.js';
import { CustomActivityExecutor } from './custom-activity-executor.js';
import { NoOpExecutor } from './no-op-executor.js';
import { WaitExecutor } from './wait-executor.js';
import { WebActivityExecutor } from './web-activity-executor.js';

export interface BuiltinExecutorOptions {
  /** Where the Custom activity's relative `folderPath` starts (Default: the process's current folder). */
  readonly workingFolder?: string;
  /**
   * The ML workspace an AzureMLService linked service points at. (Default: the Millrace server
   * its `millraceEndpoint` names; without one the activity fails with 4112.)
   */
  readonly mlWorkspace?: MlWorkspaceConnect;
  /** The web page of an ML run, for the AzureMLExecutePipeline output. (Default: `millrace://ml/runs/<id>`) */
  readonly mlRunUrl?: (runId: string) => string;
}

export function createBuiltinExecutors(
  options: BuiltinExecutorOptions = {},
): ActivityExecutorRegistry {
  return new ActivityExecutorRegistry([
    new CustomActivityExecutor({ workingFolder: options.workingFolder }),
    new WebActivityExecutor(),
    new WaitExecutor(),
    new NoOpExecutor(),
    new AzureMlExecutePipelineExecutor({
      connect: options.mlWorkspace ?? new MlWorkspaceConnector().connect,
      ...(options.mlRunUrl === undefined ? {} : { runUrl: options.mlRunUrl }),
    }),
  ]);
}
